import { CATEGORY_LABELS, CHANNEL_LABELS } from '../format/display';
import { ALL_CHANNELS, CATEGORIES } from '../state/vocabulary';

/** The channels as a <select>'s options, in the domain's order. */
export function ChannelOptions() {
  return (
    <>
      {ALL_CHANNELS.map((ch) => (
        <option key={ch} value={ch}>
          {CHANNEL_LABELS[ch]}
        </option>
      ))}
    </>
  );
}

/** The categories as a <select>'s options, in the domain's order. */
export function CategoryOptions() {
  return (
    <>
      {CATEGORIES.map((c) => (
        <option key={c} value={c}>
          {CATEGORY_LABELS[c]}
        </option>
      ))}
    </>
  );
}
