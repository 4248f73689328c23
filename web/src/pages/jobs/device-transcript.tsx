import { useTranscript } from '../../api/queries/terminal';
import { Empty, ErrorBox, Loading } from '../../ui/kit';

// What a terminal would not show as text: colour and cursor sequences, carriage returns.
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control sequences is the point
const CONTROL = /\x1b\[[0-9;?]*[A-Za-z]|\r|[\x00-\x08\x0b-\x1f\x7f]/g;

/**
 * A job device's session as it went: each line webnet sent (→) and what the device answered,
 * with the time since the session began. This is where "prompt not found" gets its explanation.
 */
export function DeviceTranscript({ jobId, deviceId }: { jobId: string; deviceId: string }) {
  const transcript = useTranscript(jobId, deviceId);
  if (transcript.isPending) return <Loading />;
  if (transcript.error) return <ErrorBox error={transcript.error} />;
  const t = transcript.data;
  if (!t)
    return (
      <Empty>
        No transcript was kept for this device: they are kept for failed devices, or for every device when the
        job asks (Keep every device's transcript).
      </Empty>
    );
  // The API's schema is a tuple [seconds, kind, text]; OpenAPI 3.0 can only say "array of either".
  const events = t.events as unknown as [number, 'o' | 'i' | 'r', string][];
  return (
    <div className="space-y-1" data-testid="transcript">
      <div className="flex items-center gap-3 text-xs text-slate-500">
        <span>
          {t.events.length} exchanges, {(t.size / 1024).toFixed(1)} KB
          {t.dropped > 0 &&
            `; the first ${(t.dropped / 1024).toFixed(1)} KB were dropped (the last 256 KB are kept)`}
        </span>
        <a
          className="text-sky-700 hover:underline dark:text-sky-400"
          href={`/api/v1/jobs/${jobId}/devices/${deviceId}/transcript/cast`}
          download
        >
          Download .cast
        </a>
      </div>
      <pre className="mono max-h-96 overflow-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-950">
        {events.map(([at, kind, data], i) =>
          kind === 'i' ? (
            <span
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list; events may repeat
              key={i}
              className="font-semibold text-sky-800 dark:text-sky-300"
              title={`sent at ${at.toFixed(3)} s`}
            >
              {`[${at.toFixed(2)} s] → ${JSON.stringify(data).slice(1, -1)}\n`}
            </span>
          ) : kind === 'o' ? (
            <span
              // biome-ignore lint/suspicious/noArrayIndexKey: as above
              key={i}
              title={`received at ${at.toFixed(3)} s`}
            >
              {data.replace(CONTROL, '')}
            </span>
          ) : null,
        )}
      </pre>
    </div>
  );
}
