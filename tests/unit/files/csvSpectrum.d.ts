/** csv-spectrum ships no types: it calls back with each acid-test CSV and its expected JSON. */
declare module 'csv-spectrum' {
  interface SpectrumItem {
    name: string;
    csv: Buffer;
    json: Buffer;
  }
  function spectrum(callback: (err: Error | null, items: SpectrumItem[]) => void): void;
  export = spectrum;
}
