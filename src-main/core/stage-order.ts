import type { StageOrder } from './domain-types.ts';

/** The stages in the order the pipeline runs them; typed by the one tuple in domain-types.ts. */
export const STAGE_ORDER: StageOrder = ['probe', 'audio', 'transcript', 'frames', 'ocr', 'embed', 'segment', 'deck'];
