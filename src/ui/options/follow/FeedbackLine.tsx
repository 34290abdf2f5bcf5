/**
 * The line under the Follow AP and pack subscription sections that says what the last action
 * did: an alert when it failed, a polite status otherwise (empty, but present, so screen
 * readers announce the next one).
 */

export type Feedback = { kind: 'info' | 'error'; text: string } | undefined;

export function FeedbackLine({ feedback, testid }: { feedback: Feedback; testid: string }) {
  return feedback?.kind === 'error' ? (
    <p class="notice error" role="alert" data-testid={`${testid}-error`}>
      {feedback.text}
    </p>
  ) : (
    <p role="status" class="quiet" data-testid={`${testid}-feedback`}>
      {feedback?.text ?? ''}
    </p>
  );
}
