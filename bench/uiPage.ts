/**
 * The measuring code the UI figures put into the page (Playwright's addInitScript), as
 * plain JavaScript text: the bench compiles without the DOM library. It installs
 * `window.__bench`:
 * - `firstRowsFrame`: performance.now() (ms since navigation start) of the first animation
 *   frame, after the first `desk:listing-loaded` with rows, in which listing rows are in
 *   the table (the frame that paints them).
 * - `armSearch(id)`: the next Enter starts a timer that stops at the first frame in which a
 *   search result (`desk:listing-loaded` mode search) is on screen with contact `id` in it;
 *   `search.enter` (the keydown's timeStamp) and `search.done` (-1 after 10 s) tell the time.
 * - `blank()`: how much of the listing's visible body (below the sticky header) no loaded
 *   row covers, in px, plus rows that render empty (placeholders).
 * - `jump(mode, delta, windowMs, maxMs)`: scrolls the listing at once (by delta px, or to
 *   the end) and watches every frame: when the view settles without blanks, whether any
 *   blank remained after 1 s, and when the next page was appended.
 */
export const PAGE_SCRIPT = String.raw`
(() => {
  const B = (window.__bench = { firstRowsFrame: null, firstListingEvent: null, search: null });
  const ROW = '.grid-body-row[data-contact-id]';
  addEventListener('desk:listing-loaded', (e) => {
    const d = (e && e.detail) || {};
    if (B.firstListingEvent === null && d.mode === 'listing' && d.rows > 0) {
      B.firstListingEvent = performance.now();
      const check = () => {
        if (document.querySelector(ROW)) B.firstRowsFrame = performance.now();
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    }
    if (B.search && B.search.enter !== null && d.mode === 'search') B.search.events += 1;
  });
  addEventListener('keydown', (e) => {
    const s = B.search;
    if (!s || s.enter !== null || e.key !== 'Enter') return;
    s.enter = e.timeStamp;
    const sel = '.grid-body-row[data-contact-id="' + s.id + '"]';
    const t0 = performance.now();
    const check = () => {
      if (s.events > 0 && document.querySelector(sel)) { s.done = performance.now(); return; }
      if (performance.now() - t0 > 10000) { s.done = -1; return; }
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }, true);
  B.armSearch = (id) => {
    performance.clearResourceTimings();
    B.search = { id: id, enter: null, done: null, events: 0 };
  };
  B.apiMs = (part) => {
    const list = performance.getEntriesByType('resource').filter((r) => r.name.indexOf(part) >= 0);
    const last = list[list.length - 1];
    return last ? last.responseEnd - last.startTime : null;
  };
  B.blank = () => {
    const sc = document.querySelector('.table-scroll');
    if (!sc) return { px: -1, empty: 0, visible: 0 };
    const r = sc.getBoundingClientRect();
    const head = sc.querySelector('.grid-head');
    const groups = sc.querySelectorAll('[role=rowgroup]');
    const body = groups[groups.length - 1];
    const viewTop = r.top + sc.clientTop;
    // Below the header while it is in view (it is sticky, or scrolled away with the table).
    const top = Math.max(viewTop, head ? head.getBoundingClientRect().bottom : viewTop);
    const viewBottom = viewTop + sc.clientHeight;
    const bottom = Math.min(viewBottom, body ? body.getBoundingClientRect().bottom : viewBottom);
    const boxes = [];
    let empty = 0;
    for (const el of sc.querySelectorAll('.grid-body-row')) {
      const b = el.getBoundingClientRect();
      if (b.bottom <= top + 0.5 || b.top >= bottom - 0.5) continue;
      if ((el.textContent || '').trim() === '' || el.getAttribute('aria-busy') === 'true') { empty += 1; continue; }
      boxes.push([b.top, b.bottom]);
    }
    boxes.sort((a, b) => a[0] - b[0]);
    let y = top;
    let px = 0;
    for (const [t, bt] of boxes) { if (t > y + 1) px += t - y; y = Math.max(y, bt); }
    if (bottom > y + 1) px += bottom - y;
    return { px: Math.round(px), empty: empty, visible: boxes.length };
  };
  B.jump = (mode, delta, windowMs, maxMs) => new Promise((resolve) => {
    const sc = document.querySelector('.table-scroll');
    const wrap = document.querySelector('.table-wrap');
    if (!sc || !wrap) { resolve({ error: 'no listing table' }); return; }
    const rowsBefore = Number(wrap.getAttribute('data-rows'));
    const from = sc.scrollTop;
    sc.scrollTop = mode === 'end' ? sc.scrollHeight : from + delta;
    const to = sc.scrollTop;
    const atEnd = to + sc.clientHeight >= sc.scrollHeight - 2;
    const t0 = performance.now();
    let cleanSince = null;
    let blankFrames = 0;
    let maxBlankPx = 0;
    let blankAt1s = null;
    let appendedMs = null;
    const frame = () => {
      const now = performance.now() - t0;
      const b = B.blank();
      const blank = b.px > 0 || b.empty > 0;
      if (blank) { blankFrames += 1; cleanSince = null; maxBlankPx = Math.max(maxBlankPx, b.px + b.empty * 36); }
      else if (cleanSince === null) cleanSince = now;
      if (blankAt1s === null && now >= 1000) blankAt1s = blank ? Math.ceil(b.px / 36) + b.empty : 0;
      if (appendedMs === null && Number(wrap.getAttribute('data-rows')) > rowsBefore) appendedMs = now;
      const waitAppend = mode === 'end' && appendedMs === null;
      const done = now >= maxMs || (now >= windowMs && cleanSince !== null && !waitAppend);
      if (!done) { requestAnimationFrame(frame); return; }
      resolve({
        from: from, to: to, atEnd: atEnd, rowsBefore: rowsBefore, rowsAfter: Number(wrap.getAttribute('data-rows')),
        settleMs: cleanSince, blankFrames: blankFrames, maxBlankPx: maxBlankPx, blankRowsAt1s: blankAt1s === null ? 0 : blankAt1s,
        appendedMs: appendedMs, observedMs: now,
      });
    };
    requestAnimationFrame(frame);
  });
})();
`;
