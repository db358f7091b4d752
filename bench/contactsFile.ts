import fs from 'node:fs';
import { seededRandom } from './seededRandom';


const CITIES = ['Pune', 'Mumbai', 'Delhi', 'Bengaluru', 'Chennai', '"Kochi, Kerala"', 'Jaipur', 'Surat'];
const DOMAINS = ['gmail.com', 'Yahoo.co.in', 'outlook.com', 'rediffmail.com', 'Example.org', 'company.co.in'];

function mobileShape(n: number, r: number): string {
  const d = String(9_000_000_000 + (n % 999_999_999));
  switch (Math.floor(r * 6)) {
    case 0:
      return `+91 ${d.slice(0, 5)} ${d.slice(5)}`;
    case 1:
      return `0${d}`;
    case 2:
      return `91${d}`;
    case 3:
      return `${d.slice(0, 5)}-${d.slice(5)}`;
    case 4:
      return `+91-${d}`;
    default:
      return d;
  }
}

/**
 * A "messy" vendor contacts file: mixed-case emails, phones in every common shape, quoted
 * fields with commas, CRLF endings, about 1% invalid rows and 1% repeats. Emails are
 * unique among valid rows, so sqlite3's .import into a UNIQUE(email) table is a fair anchor.
 */
export function writeContactsFile(file: string, targetBytes: number, seed = 42): { rows: number; bytes: number } {
  const random = seededRandom(seed);
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  let rows = 0;
  let chunk = 'customer_id,name,email,mobile,city,signup_date,notes\r\n';
  while (bytes + chunk.length < targetBytes) {
    for (let k = 0; k < 5000; k += 1) {
      const i = rows;
      const r = random();
      const repeat = r < 0.01 && i > 10 ? Math.floor(random() * i) : i;
      const user = `User.${repeat}`;
      const email = r > 0.99 ? `broken.${i}@@nowhere` : `${r < 0.5 ? user : user.toLowerCase()}@${DOMAINS[repeat % DOMAINS.length]}`;
      const city = CITIES[Math.floor(random() * CITIES.length)];
      const note = random() < 0.1 ? '"said ""stop"", twice"' : 'ok';
      chunk += `CID${String(repeat).padStart(8, '0')},"Person ${repeat}, Jr",${email},${mobileShape(repeat, random())},${city},2024-0${1 + (i % 9)}-1${i % 10},${note}\r\n`;
      rows += 1;
    }
    fs.writeSync(fd, chunk);
    bytes += Buffer.byteLength(chunk);
    chunk = '';
  }
  fs.closeSync(fd);
  return { rows, bytes };
}
