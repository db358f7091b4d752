import fs from 'node:fs';
import { seededRandom } from './seededRandom';

const CITIES = ['Pune', 'Mumbai', '"Kochi, Kerala"', 'Delhi', '"Navi Mumbai; Thane"', 'Jaipur'];

/**
 * A campaign audience for the scrub figure: `rows` rows of id, name, email, mobile, city,
 * with emails and E.164 mobiles drawn from twice the bench blocklist's id range, so about
 * 40% of emails and 17% of mobiles are blocked there (largeStore.ts: every identified
 * email blocked; SMS blocked for some mobiles). Mobiles are already E.164 and the emails
 * differ from the stored keys only in case, so the sqlite3 anchor's plain anti-join
 * (`lower(email)`, `mobile =`) finds the same rows our normalising scrub does.
 */
export function writeAudienceFile(file: string, rows: number, contacts: number, seed = 7): void {
  const random = seededRandom(seed);
  const fd = fs.openSync(file, 'w');
  let chunk = 'id,name,email,mobile,city\r\n';
  for (let i = 0; i < rows; i += 1) {
    const e = 1 + Math.floor(random() * contacts * 2);
    const m = 1 + Math.floor(random() * contacts * 2);
    const email = random() < 0.5 ? `User.${e}@Example.com` : `user.${e}@example.com`;
    chunk += `A${i},"Person ${i}, Jr",${email},+91${9_000_000_000 + m},${CITIES[i % CITIES.length]}\r\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(fd, chunk);
      chunk = '';
    }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
}
