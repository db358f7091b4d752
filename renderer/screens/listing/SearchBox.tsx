import { useEffect, useRef, useState } from 'react';
import { useApp } from '../../state/appStore';
import { useListing } from '../../state/listingStore';

/**
 * Enter searches: exact customer ID, email (any case) or mobile (any format; the core
 * normalises it with the default country). Emptying the box returns to the listing.
 */
export function SearchBox() {
  const [text, setText] = useState(useListing.getState().searchedFor);
  const prefix = useListing((s) => s.prefix);
  const setPrefix = useListing((s) => s.setPrefix);
  const search = useListing((s) => s.search);
  const clearSearch = useListing((s) => s.clearSearch);
  const mode = useListing((s) => s.mode);
  const focusTick = useApp((s) => s.searchFocusTick);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (focusTick > 0) {
      inputRef.current?.focus();
      inputRef.current?.select();
    }
  }, [focusTick]);

  // Leaving search mode from elsewhere (a tab, a filter) empties the box.
  useEffect(() => {
    if (mode === 'listing') setText('');
  }, [mode]);

  return (
    <form
      role="search"
      className="searchbox"
      onSubmit={(event) => {
        event.preventDefault();
        void search(text);
      }}
    >
      <input
        ref={inputRef}
        type="search"
        className="input"
        aria-label="Search"
        placeholder="Customer ID, email or mobile"
        title="Enter searches · Ctrl+F focuses this box · Escape clears"
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          if (event.target.value === '') clearSearch();
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && text !== '') {
            event.preventDefault();
            setText('');
            clearSearch();
          }
        }}
      />
      <label className="check small">
        <input
          type="checkbox"
          checked={prefix}
          onChange={(event) => {
            setPrefix(event.target.checked);
            if (mode === 'search' && text.trim() !== '') void search(text);
          }}
        />
        Prefix match
      </label>
      <button type="submit" className="button">
        Search
      </button>
    </form>
  );
}
