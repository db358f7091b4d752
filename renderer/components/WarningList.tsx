/** A job report's warnings (skipped ZIP entries, encoding fallbacks…); nothing when there are none. */
export function WarningList({ warnings }: { warnings: readonly string[] }) {
  return warnings.length > 0 ? (
    <div className="notice notice-warn">
      <strong>Warnings</strong>
      <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
        {warnings.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
    </div>
  ) : null;
}
