/** An error written for the user, announced to screen readers. */
export function ErrorMessage({ message, className }: { message: string | undefined; className?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className={`error-message ${className ?? ''}`.trim()} data-testid="error-message">
      {message}
    </p>
  );
}
