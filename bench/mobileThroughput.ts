import { seededRandom } from './seededRandom';
import { performance } from 'node:perf_hooks';
import { normalizeMobile, normalizeMobileWithLibrary } from '../src/domain/mobile';
import type { Normalized } from '../src/domain/normalized';

/**
 * Mobile normalisation throughput on a realistic Indian import column, default country
 * IN: `normalizeMobile` (fast path, library fallback) against the library alone. The
 * library pass costs ~5 µs a number, so a million inputs take a few seconds there.
 * Throws if their results differ (compared by digest): a fast wrong answer is not a result.
 */
export function measureMobileThroughput(count: number): { fastPathPerSecond: number; libraryPerSecond: number } {
  const inputs = indianMobileColumn(count, 0x5eed);
  const warmUp = inputs.slice(0, Math.min(inputs.length, 20_000));
  run(normalizeMobile, warmUp);
  run(normalizeMobileWithLibrary, warmUp);

  const fast = run(normalizeMobile, inputs);
  const library = run(normalizeMobileWithLibrary, inputs);
  if (fast.digest !== library.digest) throw new Error('fast path and library disagree on the benchmark column');
  return { fastPathPerSecond: perSecond(inputs.length, fast.ms), libraryPerSecond: perSecond(inputs.length, library.ms) };
}

type Normalize = (raw: string, country: 'IN') => Normalized<string>;

/**
 * Folds every result into a digest instead of keeping a million result objects alive,
 * which would measure the garbage collector as much as the normaliser.
 */
function run(normalize: Normalize, inputs: readonly string[]): { ms: number; digest: number } {
  let digest = 0x811c9dc5;
  const started = performance.now();
  for (const input of inputs) {
    const result = normalize(input, 'IN');
    digest = fold(digest, result.ok ? result.value : result.message);
  }
  return { ms: performance.now() - started, digest };
}

/** FNV-1a over the text's UTF-16 units. */
function fold(digest: number, text: string): number {
  let hash = digest;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return Math.imul(hash ^ 0xff, 0x01000193) >>> 0;
}

function perSecond(count: number, ms: number): number {
  return ms > 0 ? Math.round((count * 1000) / ms) : Number.POSITIVE_INFINITY;
}

/** The shapes a vendor's do-not-contact file mixes, weighted roughly as seen in the wild. */
const SHAPES: readonly { weight: number; write: (n: string) => string }[] = [
  { weight: 35, write: (n) => n },
  { weight: 12, write: (n) => `${n.slice(0, 5)} ${n.slice(5)}` },
  { weight: 15, write: (n) => `+91${n}` },
  { weight: 10, write: (n) => `91${n}` },
  { weight: 8, write: (n) => `0${n}` },
  { weight: 7, write: (n) => `+91-${n.slice(0, 5)}-${n.slice(5)}` },
  { weight: 4, write: (n) => `+91 ${n.slice(0, 5)} ${n.slice(5)}` },
  { weight: 3, write: (n) => `'+91${n}` },
  { weight: 2, write: (n) => `(+91) ${n}` },
  { weight: 2, write: (n) => n.slice(0, 9) },
  { weight: 1, write: (n) => `${n[0] ?? '9'}.${n.slice(1, 6)}E+09` },
  { weight: 1, write: (n) => `0091 ${n}` },
];
const TOTAL_WEIGHT = SHAPES.reduce((sum, shape) => sum + shape.weight, 0);

function indianMobileColumn(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const column: string[] = [];
  for (let i = 0; i < count; i++) {
    let national = String(6 + Math.floor(random() * 4));
    for (let d = 0; d < 9; d++) national += String(Math.floor(random() * 10));
    let pick = random() * TOTAL_WEIGHT;
    let shape = SHAPES[0];
    for (const candidate of SHAPES) {
      pick -= candidate.weight;
      if (pick < 0) {
        shape = candidate;
        break;
      }
    }
    column.push(shape ? shape.write(national) : national);
  }
  return column;
}

