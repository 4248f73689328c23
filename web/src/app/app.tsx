import { lazy, Suspense } from 'react';
import { Route, Routes, useLocation } from 'react-router';
import { LoginPage } from '../pages/login';
import { ErrorBox, Loading } from '../ui/kit';
import { ErrorBoundary } from './error-boundary';
import { Layout } from './layout';
import { SessionProvider, useMe } from './session';
import { Shortcuts } from './shortcuts';

// Each page is its own chunk: the first load carries the shell and the login, nothing more.
const Dashboard = lazy(() => import('../pages/dashboard/dashboard-page'));
const Devices = lazy(() => import('../pages/devices/devices-page'));
const DeviceDetail = lazy(() => import('../pages/devices/device-detail-page'));
const Jobs = lazy(() => import('../pages/jobs/jobs-page'));
const JobDetail = lazy(() => import('../pages/jobs/job-detail-page'));
const NewJob = lazy(() => import('../pages/jobs/new-job-page'));
const Topology = lazy(() => import('../pages/topology/topology-page'));
const ConfigSearch = lazy(() => import('../pages/configs/search-page'));
const Schedules = lazy(() => import('../pages/schedules/schedules-page'));
const Changes = lazy(() => import('../pages/changes/changes-page'));
const ChangeDetail = lazy(() => import('../pages/changes/change-detail-page'));
const Compliance = lazy(() => import('../pages/compliance/compliance-page'));
const Users = lazy(() => import('../pages/admin/users-page'));
const Customers = lazy(() => import('../pages/admin/customers-page'));
const Credentials = lazy(() => import('../pages/admin/credentials-page'));
const Platforms = lazy(() => import('../pages/admin/platforms-page'));
const Discovery = lazy(() => import('../pages/discovery/discovery-page'));
const ApiKeys = lazy(() => import('../pages/account/api-keys-page'));
const Password = lazy(() => import('../pages/account/password-page'));
const Audit = lazy(() => import('../pages/audit/audit-page'));
const Terminal = lazy(() => import('../pages/terminal/terminal-page'));
const Recordings = lazy(() => import('../pages/terminal/recordings-page'));
const Notifications = lazy(() => import('../pages/notifications/notifications-page'));
const Netbox = lazy(() => import('../pages/netbox/netbox-page'));
const Replay = lazy(() => import('../pages/terminal/replay-page'));

export function App() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading />;
  if (me.error) return <ErrorBox error={me.error} />;
  if (!me.data) return <LoginPage />;
  return (
    <SessionProvider me={me.data}>
      <Layout>
        <Shortcuts />
        <ErrorBoundary resetKey={location.pathname}>
          <Suspense fallback={<Loading />}>
            <Routes>
              <Route path="/" element={<Dashboard />} />
              <Route path="/devices" element={<Devices />} />
              <Route path="/devices/:id" element={<DeviceDetail />} />
              <Route path="/devices/:id/terminal" element={<Terminal />} />
              <Route path="/recordings" element={<Recordings />} />
              <Route path="/recordings/:id" element={<Replay />} />
              <Route path="/jobs" element={<Jobs />} />
              <Route path="/jobs/new" element={<NewJob />} />
              <Route path="/jobs/:id" element={<JobDetail />} />
              <Route path="/configs/search" element={<ConfigSearch />} />
              <Route path="/topology" element={<Topology />} />
              <Route path="/schedules" element={<Schedules />} />
              <Route path="/changes" element={<Changes />} />
              <Route path="/changes/:id" element={<ChangeDetail />} />
              <Route path="/compliance" element={<Compliance />} />
              <Route path="/admin/users" element={<Users />} />
              <Route path="/admin/customers" element={<Customers />} />
              <Route path="/admin/credentials" element={<Credentials />} />
              <Route path="/admin/platforms" element={<Platforms />} />
              <Route path="/discovery" element={<Discovery />} />
              <Route path="/account/api-keys" element={<ApiKeys />} />
              <Route path="/account/password" element={<Password />} />
              <Route path="/audit" element={<Audit />} />
              <Route path="/notifications" element={<Notifications />} />
              <Route path="/netbox" element={<Netbox />} />
              <Route path="*" element={<ErrorBox error="No such page." />} />
            </Routes>
          </Suspense>
        </ErrorBoundary>
      </Layout>
    </SessionProvider>
  );
}
