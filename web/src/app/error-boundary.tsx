import { Component, type ReactNode } from 'react';

type State = { error: Error | null };

/**
 * A page that fails to render shows what went wrong instead of a blank screen. A page chunk that
 * no longer exists (webnet was upgraded while this tab was open) asks for a reload.
 */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidUpdate(previous: { resetKey: string }) {
    // Navigating elsewhere gives the next page its chance.
    if (previous.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    const stale = /dynamically imported module|Failed to fetch|Importing a module script failed/i.test(
      error.message,
    );
    return (
      <div
        role="alert"
        className="rounded border border-red-300 bg-red-50 p-4 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
      >
        <p className="font-semibold">
          {stale ? 'webnet was updated since this page was loaded.' : 'This page failed.'}
        </p>
        <p className="mono mt-1 text-xs">{error.message}</p>
        <button type="button" className="mt-2 underline" onClick={() => location.reload()}>
          Reload
        </button>
      </div>
    );
  }
}
