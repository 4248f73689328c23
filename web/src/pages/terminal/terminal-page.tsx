import { useParams } from 'react-router';
import { useDevice } from '../../api/queries/devices';
import { ErrorBox, Loading, PageHeader } from '../../ui/kit';
import { TerminalPane } from './terminal-pane';

/** The device's terminal on a page of its own, as large as the window. */
export default function TerminalPage() {
  const { id = '' } = useParams();
  const device = useDevice(id);
  if (device.isPending) return <Loading />;
  if (device.error) return <ErrorBox error={device.error} />;
  return (
    <div className="space-y-2">
      <PageHeader title={`Terminal: ${device.data.hostname}`} />
      <TerminalPane deviceId={id} fullPage />
    </div>
  );
}
