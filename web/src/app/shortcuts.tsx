import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Modal } from '../ui/kit';

/** "g" then a letter goes to a page, as in most web consoles for operators. */
export const GO_TO: Record<string, { path: string; label: string }> = {
  h: { path: '/', label: 'Dashboard' },
  d: { path: '/devices', label: 'Devices' },
  j: { path: '/jobs', label: 'Jobs' },
  r: { path: '/jobs/new?type=run_commands', label: 'Run commands' },
  s: { path: '/configs/search', label: 'Config search' },
  t: { path: '/topology', label: 'Topology' },
  c: { path: '/schedules', label: 'Schedules' },
};

function typing(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    (target instanceof HTMLElement && target.isContentEditable)
  );
}

/** Keyboard navigation for the whole app; "?" lists the keys. */
export function Shortcuts() {
  const navigate = useNavigate();
  const [help, setHelp] = useState(false);
  useEffect(() => {
    let pendingG = 0;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      if (e.key === '?') {
        setHelp((h) => !h);
        return;
      }
      if (e.key === 'g') {
        pendingG = Date.now();
        return;
      }
      const target = GO_TO[e.key];
      if (target && Date.now() - pendingG < 1500) {
        pendingG = 0;
        navigate(target.path);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);
  if (!help) return null;
  return (
    <Modal title="Keyboard shortcuts" onClose={() => setHelp(false)}>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
        {Object.entries(GO_TO).map(([key, t]) => (
          <div key={key} className="contents">
            <dt className="mono">g {key}</dt>
            <dd>{t.label}</dd>
          </div>
        ))}
        <dt className="mono">/</dt>
        <dd>search devices (on the device list)</dd>
        <dt className="mono">Esc</dt>
        <dd>close a dialog</dd>
        <dt className="mono">?</dt>
        <dd>this list</dd>
      </dl>
    </Modal>
  );
}
