/**
 * "Where Lectern stands": the headline figures of every bench section that ran, in one table,
 * each beside its baseline or reference measured in the same run and the target the issues set.
 * Figures are read from the sections' own rows (by their row and column labels), so a section
 * stays a plain table; a figure whose section did not run (or was skipped) shows as "not run".
 */
import type { BenchSection } from './bench-section.ts';

type Row = Record<string, string | number>;

export interface Headline {
  area: 'speed' | 'memory' | 'quality';
  measure: string;
  lectern: string;
  /** The baseline or reference measured in the same run, when there is one. */
  reference: string;
  target: string;
  /** 'yes' / 'no' against the target, '' when there is no numeric target. */
  met: string;
}

/** Rows of the first section whose name starts with `prefix`. */
function rowsOf(sections: BenchSection[], prefix: string): Row[] {
  return sections.find((s) => s.name.toLowerCase().startsWith(prefix.toLowerCase()))?.rows ?? [];
}

function pick(rows: Row[], where: Partial<Row>): Row | undefined {
  return rows.find((r) => Object.entries(where).every(([k, v]) => r[k] === v));
}

const num = (row: Row | undefined, column: string): number | null => {
  const v = row?.[column];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
};

const show = (v: number | null, unit = ''): string => (v === null ? 'not run' : `${v}${unit}`);
const verdict = (ok: boolean | null): string => (ok === null ? '' : ok ? 'yes' : 'no');

function speedAndMemory(sections: BenchSection[]): Headline[] {
  const out: Headline[] = [];

  const pipeline = rowsOf(sections, 'pipeline per lecture');
  const generated = pipeline.find((r) => r.lecture === 'generated-60min');
  const real = pipeline.filter((r) => !String(r.lecture).startsWith('generated'));
  const nonAsr = num(generated, 'stages s/hour (no ASR)');
  out.push({
    area: 'speed',
    measure: 'pipeline without ASR, generated 60-min lecture (s per lecture-hour)',
    lectern: show(nonAsr, ' s'),
    reference: generated ? `total ${show(num(generated, 's per lecture-hour'), ' s')} per hour` : '',
    target: '<= 60 s per lecture-hour',
    met: verdict(nonAsr === null ? null : nonAsr <= 60),
  });
  if (real.length) {
    const perHour = real.map((r) => num(r, 'stages s/hour (no ASR)')).filter((v): v is number => v !== null);
    const worst = perHour.length ? Math.max(...perHour) : null;
    out.push({
      area: 'speed',
      measure: `pipeline without ASR, shared lectures (worst of ${real.length}, s per lecture-hour)`,
      lectern: show(worst, ' s'),
      reference: real.map((r) => `${r.lecture} ${r['stages s/hour (no ASR)']}`).join(', '),
      target: '<= 60 s per lecture-hour',
      met: verdict(worst === null ? null : worst <= 60),
    });
  }
  const withAsr = pipeline.find((r) => typeof r['pipeline / ASR alone'] === 'number');
  const asrRatio = num(withAsr, 'pipeline / ASR alone');
  out.push({
    area: 'speed',
    measure: 'whole pipeline / ASR alone, generated 60-min lecture (tiny.en-sized stand-in)',
    lectern: show(asrRatio, 'x'),
    reference: withAsr
      ? `ASR alone ${show(num(withAsr, 'ASR alone s'), ' s')}, total ${show(num(withAsr, 'total s'), ' s')}`
      : '',
    target: '<= 1.05x (issue 19)',
    met: verdict(asrRatio === null ? null : asrRatio <= 1.05),
  });
  const firstChapters = num(withAsr, 'first chapters s');
  out.push({
    area: 'speed',
    measure: 'first chapters readable through the API, generated 60-min lecture with ASR (s from index start)',
    lectern: show(firstChapters, ' s'),
    reference: withAsr ? `slides ready ${show(num(withAsr, 'slides ready s'), ' s')}` : '',
    target: '<= 60 s on 2 cores (issue 19)',
    met: verdict(firstChapters === null ? null : firstChapters <= 60),
  });
  out.push({
    area: 'memory',
    measure: 'pipeline peak RSS, generated 60-min lecture',
    lectern: show(num(generated, 'peak RSS MB'), ' MB'),
    reference: generated ? `database ${show(num(generated, 'db KB per hour'), ' KB')} per lecture-hour` : '',
    target: '',
    met: '',
  });

  const frames = rowsOf(sections, 'frame sampling vs ffmpeg decode');
  const ratios = frames.map((r) => num(r, 'sampling / decode')).filter((v): v is number => v !== null);
  out.push({
    area: 'speed',
    measure: "frame sampling / ffmpeg's own decode (-f null), same file",
    lectern: ratios.length ? `${Math.min(...ratios)}-${Math.max(...ratios)}x` : 'not run',
    reference: 'ffmpeg -f null = 1x',
    target: '',
    met: '',
  });

  const twfinch = rowsOf(sections, 'twfinch');
  const tw10k = pick(twfinch, { clips: 10000 });
  const twMs = num(tw10k, 'lectern ms');
  const twCpu = num(tw10k, 'lectern cpu ms');
  out.push({
    area: 'speed',
    measure: 'TW-FINCH 10k clips, whole hierarchy (first run wall / CPU; warm run wall)',
    lectern:
      twMs === null ? 'not run' : `${twMs} / ${show(twCpu, ' ms')}; ${show(num(tw10k, 'lectern warm ms'), ' ms')}`,
    reference: tw10k ? `naive O(N^2) ${show(num(tw10k, 'naive ms'), ' ms')}, same labels: ${tw10k['same labels']}` : '',
    target: 'well under 1 s (verdict on first-run CPU)',
    met: verdict(twCpu === null ? null : twCpu < 1000),
  });
  const twMb = num(tw10k, 'lectern peak MB');
  out.push({
    area: 'memory',
    measure: 'TW-FINCH 10k clips, process peak RSS',
    lectern: show(twMb, ' MB'),
    reference: tw10k
      ? `naive ${show(num(tw10k, 'naive peak MB'), ' MB')}; input alone ${show(num(tw10k, 'baseline MB'), ' MB')}`
      : '',
    target: '< 200 MB',
    met: verdict(twMb === null ? null : twMb < 200),
  });

  const search = rowsOf(sections, 'search');
  const endToEnd = search.find((r) => String(r.measure ?? '').includes('end to end'));
  const searchOnly = search.find((r) => String(r.measure ?? '').startsWith('library, query vector cached'));
  const p95 = num(endToEnd, 'p95 ms');
  out.push({
    area: 'speed',
    measure: 'moment search p95, 1,000 lecture-hours, end to end (query encoder included)',
    lectern: show(p95, ' ms'),
    reference: searchOnly
      ? `search only p50 ${show(num(searchOnly, 'p50 ms'), ' ms')}, p95 ${show(num(searchOnly, 'p95 ms'), ' ms')}`
      : '',
    target: 'p95 < 30 ms',
    met: verdict(p95 === null ? null : p95 < 30),
  });

  const startup = rowsOf(sections, 'start-up')[0];
  out.push({
    area: 'speed',
    measure: '`lectern serve` to first API answer (median of 5)',
    lectern: show(num(startup, 'first answer ms (median)'), ' ms'),
    reference: startup ? `listening ${show(num(startup, 'listening ms (median)'), ' ms')}` : '',
    target: '',
    met: '',
  });

  const asr = rowsOf(sections, 'asr speed');
  const asrRatioRow = asr.find((r) => r.engine === 'ratio Lectern / CLI (time)' && r.audio !== 'jfk') ?? asr.at(-1);
  const asrMine = asr.find((r) => r.engine === 'Lectern (smart-whisper)' && r.audio === asrRatioRow?.audio);
  out.push({
    area: 'speed',
    measure: `ASR x real time (tiny.en-sized stand-in${asrMine ? `, ${asrMine['audio s']} s audio` : ''})`,
    lectern: show(num(asrMine, 'x real time'), 'x'),
    reference: asrRatioRow ? `time vs whisper.cpp CLI: ${show(num(asrRatioRow, 'wall s (median)'), 'x')}` : '',
    target: '',
    met: '',
  });
  return out;
}

function quality(sections: BenchSection[]): Headline[] {
  const out: Headline[] = [];
  const seg = rowsOf(sections, 'segmentation');
  const mean = (corpus: string, method: string): Row | undefined =>
    seg.find((r) => r.corpus === corpus && String(r.item).startsWith('mean') && r.method === method);
  const segLine = (corpus: string, label: string, method: string, baselines: string[], column: string): Headline => {
    const mine = mean(corpus, method);
    return {
      area: 'quality',
      measure: `${label}: ${column} (${method})`,
      lectern: show(num(mine, column)),
      reference: baselines.map((b) => `${b} ${show(num(mean(corpus, b), column))}`).join('; '),
      target: column === 'Pk' ? 'lower is better' : 'higher is better',
      met: '',
    };
  };
  const person = (method: string): Row | undefined =>
    seg.find((r) => r.corpus === 'lecture vs person' && String(r.item).startsWith('pooled') && r.method === method);
  const unseen = person('lectern, leave-one-lecture-out (unseen)');
  const [found, total] = String(unseen?.['clear found'] ?? '')
    .split('/')
    .map(Number);
  const f1 = num(unseen, 'F1@10s');
  out.push({
    area: 'quality',
    measure: "chapters vs a person's, shared lectures unseen by the tuning (leave-one-out): F1@10s / clear found",
    lectern: unseen ? `${show(f1)} / ${unseen['clear found']}` : 'not run',
    reference: [
      'TW-FINCH alone (before this change, app default 150-600 s)',
      'TextTiling (own cutoff)',
      'every slide change',
    ]
      .map(
        (m) => `${m.replace(/ \(.*\)$/, '')} ${show(num(person(m), 'F1@10s'))} / ${person(m)?.['clear found'] ?? '-'}`,
      )
      .join('; '),
    target: 'F1 >= 0.70, >= 90 % of clear boundaries',
    met: verdict(unseen && f1 !== null && total > 0 ? f1 >= 0.7 && found / total >= 0.9 : null),
  });
  out.push(
    segLine(
      'lecture',
      'chapters on shared lectures, boundaries on a human slide change',
      'pipeline: all features',
      ['texttiling, same K', 'even, same K'],
      'P@3s',
    ),
    segLine(
      'lecture',
      'chapters on shared lectures',
      'pipeline: all features',
      ['texttiling, same K', 'even, same K'],
      'Pk',
    ),
    segLine(
      'qmsum',
      'QMSum topics, true K',
      'twfinch true K, words+USE',
      ['texttiling, true K', 'even, true K', 'twfinch true K'],
      'Pk',
    ),
    segLine(
      'qmsum',
      'QMSum topics, automatic K',
      'lectern (evidence + VidChapters prior), words+USE',
      ['texttiling, own cutoff', 'twfinch auto-K, words+USE'],
      'Pk',
    ),
    segLine(
      'choi',
      'Choi 3-11, true K',
      'twfinch true K, words+USE',
      ['texttiling, true K', 'even, true K', 'twfinch true K'],
      'Pk',
    ),
  );

  for (const [prefix, label] of [
    ['grounding: lectures', 'moment search on shared lectures (student questions)'],
    ['grounding: QMSum', 'moment search on QMSum (human queries)'],
  ] as const) {
    const rows = rowsOf(sections, prefix);
    // Library scope where the bench has it (QMSum is scored per meeting only).
    const library = rows.some((r) => r.scope === 'library') ? rows.filter((r) => r.scope === 'library') : rows;
    const first = library[0];
    const mine = library.find((r) => r.method === 'lectern') ?? first;
    const others = library.filter((r) => String(r.method).startsWith('baseline') && r.set === mine?.set);
    out.push({
      area: 'quality',
      measure: `${label}: hit@1 / mAP (${mine ? String(mine.method) : 'not run'})`,
      lectern: mine
        ? `${show(num(mine, 'hit@1'))} / ${show(num(mine, 'mAP'))}` +
          (mine['hit@1 vs BM25 [95% CI]'] ? ` (hit@1 vs BM25 ${String(mine['hit@1 vs BM25 [95% CI]'])})` : '')
        : 'not run',
      reference: others.map((r) => `${r.method} ${show(num(r, 'hit@1'))} / ${show(num(r, 'mAP'))}`).join('; '),
      target: 'higher is better',
      met: '',
    });
  }

  const ocr = rowsOf(sections, 'ocr');
  const pages = ocr.filter((r) => r.set === 'tesseract pages');
  const m3av = ocr.filter((r) => r.set === 'M3AV all 720p');
  const titles = ocr.find((r) => r.set === 'lecture slides: title');
  const cer = (rows: Row[]): string => {
    const values = rows.map((r) => num(r, 'CER %')).filter((v): v is number => v !== null);
    return values.length ? `${Math.min(...values)}%` : 'not run';
  };
  out.push({
    area: 'quality',
    measure: 'OCR character error rate, best setting (tesseract test pages; real M3AV slides)',
    lectern: `${cer(pages)}; ${cer(m3av)}`,
    reference: titles ? `slide titles read right: ${titles['title match %']}% of ${titles.images}` : '',
    target: 'lower is better',
    met: '',
  });

  const embed = rowsOf(sections, 'embeddings: slide separation');
  const allSlides = embed.find((r) => r.talk === 'all');
  out.push({
    area: 'quality',
    measure: 'slide image embedding: degraded copy finds its slide (R@1)',
    lectern: show(num(allSlides, 'R@1 degraded')),
    reference: allSlides ? `AUC ${allSlides.AUC}` : '',
    target: 'higher is better',
    met: '',
  });
  return out;
}

/** The summary section: one row per headline figure. */
export function summarize(sections: BenchSection[]): BenchSection {
  const headlines = [...speedAndMemory(sections), ...quality(sections)];
  const measured = headlines.filter((h) => !h.lectern.includes('not run'));
  const missing = headlines.length - measured.length;
  return {
    name: 'summary: where Lectern stands',
    rows: measured.map((h) => ({ ...h })),
    notes: [
      ...(missing ? [`${missing} headline figure(s) left out: their section was not run, was skipped or failed`] : []),
      'every reference figure was measured in the same run as the Lectern figure beside it; machines here are shared and noisy, so compare within a row',
    ],
  };
}
