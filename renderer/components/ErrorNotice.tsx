/** A form's or a screen's error, announced to screen readers; nothing when there is none. */
export function ErrorNotice({ message }: { message: string | null | undefined }) {
  return message ? (
    <p className="notice notice-error" role="alert">
      {message}
    </p>
  ) : null;
}
