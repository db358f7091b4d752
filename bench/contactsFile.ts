import fs from 'node:fs';
import { seededRandom } from './seededRandom';

/** The cached 150 MB contacts file of the import and UI figures. */
export const CONTACTS_150MB = 'contacts-150mb-scattered.csv';

const CITIES = ['Pune', 'Mumbai', 'New Delhi', 'Bengaluru', 'Chennai', '"Kochi, Kerala"', 'Jaipur', 'Surat', 'Hyderabad', '"Navi Mumbai, MH"'];
const DOMAINS = ['gmail.com', 'Yahoo.co.in', 'outlook.com', 'rediffmail.com', 'Example.org', 'company.co.in', 'hotmail.com', 'icloud.com'];
const FIRST = ['amit', 'priya', 'rahul', 'sneha', 'vikram', 'anita', 'rohan', 'kavya', 'arjun', 'meera', 'sanjay', 'divya', 'karan', 'pooja', 'nikhil', 'ritu', 'suresh', 'lakshmi', 'manoj', 'neha'];
const LAST = ['sharma', 'patel', 'singh', 'iyer', 'reddy', 'nair', 'gupta', 'das', 'mehta', 'joshi', 'kumar', 'rao', 'shah', 'verma', 'pillai'];

/** Which order a file's identifiers come in. */
export type IdentifierOrder =
  /** Scattered, as in a real vendor or CRM export (the default). */
  | 'scattered'
  /** user.0, User.1, user.2…: nearly in sorted order, which makes sqlite3's UNIQUE index append-only. */
  | 'sequential';

function mobileShape(d: string, r: number): string {
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

/** A bijection of 0…2^32-1 (odd multiplier, xorshift): distinct rows get distinct, scattered numbers. */
function scatter(i: number): number {
  let h = Math.imul(i + 1, 2654435761) >>> 0;
  h ^= h >>> 15;
  return Math.imul(h, 2246822519) >>> 0;
}

function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * A "messy" vendor contacts file: mixed-case emails, phones in every common shape, quoted
 * fields with commas and doubled quotes, CRLF endings, about 1% invalid emails and 1%
 * repeats of an earlier row. Emails are unique among the other valid rows, so sqlite3's
 * .import into a UNIQUE(email) table is a fair anchor. customer_ids are unique but for the
 * repeats; so are mobiles, but for a few dozen numbers that wrap modulo 3,999,999,999
 * (39 in the 150 MB file), which `--using auto` reports as conflicts. With the default
 * scattered order rows average about 105 bytes, close to the issue's 1.44M rows in 150 MB.
 */
export function writeContactsFile(file: string, targetBytes: number, seed = 42, order: IdentifierOrder = 'scattered'): { rows: number; bytes: number } {
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
      const upper = r < 0.5;
      let customerId: string;
      let name: string;
      let local: string;
      let digits: string;
      if (order === 'sequential') {
        customerId = `CID${String(repeat).padStart(8, '0')}`;
        name = `Person ${repeat}, Jr`;
        local = upper ? `User.${repeat}` : `user.${repeat}`;
        digits = String(9_000_000_000 + (repeat % 999_999_999));
      } else {
        const n = scatter(repeat);
        const first = FIRST[n % FIRST.length] as string;
        const last = LAST[Math.floor(n / FIRST.length) % LAST.length] as string;
        customerId = `CID${String(n).padStart(10, '0')}`;
        name = `${capitalised(first)} ${capitalised(last)}, Jr`;
        local = `${upper ? capitalised(first) : first}.${last}${n}`;
        digits = String(6_000_000_000 + (n % 3_999_999_999));
      }
      const email = r > 0.99 ? `broken.${i}@@nowhere` : `${local}@${DOMAINS[repeat % DOMAINS.length]}`;
      const city = CITIES[Math.floor(random() * CITIES.length)];
      const note = random() < 0.1 ? '"said ""stop"", twice"' : 'ok';
      chunk += `${customerId},"${name}",${email},${mobileShape(digits, random())},${city},2024-0${1 + (i % 9)}-1${i % 10},${note}\r\n`;
      rows += 1;
    }
    fs.writeSync(fd, chunk);
    bytes += Buffer.byteLength(chunk);
    chunk = '';
  }
  fs.closeSync(fd);
  return { rows, bytes };
}
