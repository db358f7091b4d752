/** The shared seeded PRNG now lives in src/ so the CE emulator can use it; bench keeps its import path. */
export { seededRandom } from '../src/sync/seededRandom';
