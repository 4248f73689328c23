import * as AsciinemaPlayer from 'asciinema-player';
import 'asciinema-player/dist/bundle/asciinema-player.css';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { fetchText } from '../../api/client';
import { useRecording } from '../../api/queries/terminal';
import { Card, ErrorBox, Loading, PageHeader, when } from '../../ui/kit';
import { duration } from './recordings-page';

/** A terminal session replayed with its timing (asciinema's player), and its .cast to download. */
export default function ReplayPage() {
  const { id = '' } = useParams();
  const session = useRecording(id);
  const host = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<unknown>(null);
  const url = `/api/v1/terminal-sessions/${id}/recording`;
  const ended = !!session.data?.endedAt;

  useEffect(() => {
    const el = host.current;
    if (!el || !ended) return;
    let player: { dispose(): void } | undefined;
    let gone = false;
    fetchText(url)
      .then((cast) => {
        if (gone) return;
        player = AsciinemaPlayer.create({ data: cast }, el, {
          fit: 'width',
          idleTimeLimit: 2,
          controls: true,
          autoPlay: true,
        });
      })
      .catch(setError);
    return () => {
      gone = true;
      player?.dispose();
    };
  }, [url, ended]);

  if (session.isPending) return <Loading />;
  if (session.error) return <ErrorBox error={session.error} />;
  const s = session.data;
  return (
    <div className="space-y-3">
      <PageHeader
        title={`Terminal session on ${s.hostname}`}
        actions={
          ended && (
            <a
              className="rounded px-3 py-1.5 text-sm hover:bg-slate-200 dark:hover:bg-slate-800"
              href={`${url}?download=true`}
              download
            >
              Download .cast
            </a>
          )
        }
      />
      <Card>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-500">Device</dt>
          <dd>
            <Link className="text-sky-700 hover:underline dark:text-sky-400" to={`/devices/${s.deviceId}`}>
              {s.hostname}
            </Link>
          </dd>
          <dt className="text-slate-500">User</dt>
          <dd>{s.username}</dd>
          <dt className="text-slate-500">When</dt>
          <dd>
            {when(s.startedAt)} · {duration(s)}
          </dd>
          <dt className="text-slate-500">Ended</dt>
          <dd>{s.endReason ?? 'still open'}</dd>
          <dt className="text-slate-500">Recorded</dt>
          <dd>{s.recordsInput ? 'output and keystrokes (never at a password prompt)' : 'output'}</dd>
        </dl>
      </Card>
      <ErrorBox error={error} />
      {ended ? (
        <div ref={host} data-testid="player" />
      ) : (
        <p className="text-sm text-slate-500">
          The session is still open; its recording is kept when it ends.
        </p>
      )}
    </div>
  );
}
