// Chapter granularity as the settings page offers it: named steps over the one stored setting,
// the target chapter length (Settings.chapterTargetSeconds). The middle step is the default,
// which leaves the length to the chapter-count prior (longer recordings get longer chapters).

export interface GranularityStep {
  label: string;
  seconds: number;
}

export const GRANULARITY_STEPS: readonly GranularityStep[] = [
  { label: 'Much finer (about 1 min chapters)', seconds: 60 },
  { label: 'Finer (about 1.5 min)', seconds: 90 },
  { label: 'Automatic (by the length of the lecture)', seconds: 150 },
  { label: 'Coarser (about 5 min)', seconds: 300 },
  { label: 'Much coarser (about 10 min)', seconds: 600 },
];

/** The step a stored chapter length is, or null when it was set to something else (CLI, API). */
export function granularityStep(seconds: number): GranularityStep | null {
  return GRANULARITY_STEPS.find((step) => step.seconds === seconds) ?? null;
}
