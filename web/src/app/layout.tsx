import { type ReactNode, type RefObject, useEffect, useRef, useState } from 'react';
import { NavLink, useLocation } from 'react-router';
import { CustomerSelect } from '../ui/forms';
import { Button, cx } from '../ui/kit';
import { type Role, useSession } from './session';

const NAV: { to: string; label: string; role?: Role }[] = [
  { to: '/', label: 'Dashboard' },
  { to: '/devices', label: 'Devices' },
  { to: '/jobs', label: 'Jobs' },
  { to: '/changes', label: 'Changes' },
  { to: '/compliance', label: 'Compliance' },
  { to: '/configs/search', label: 'Config search' },
  { to: '/topology', label: 'Topology' },
  { to: '/discovery', label: 'Discovery' },
  { to: '/schedules', label: 'Schedules' },
  { to: '/recordings', label: 'Recordings', role: 'operator' },
  { to: '/notifications', label: 'Notifications' },
  { to: '/netbox', label: 'NetBox' },
  { to: '/admin/users', label: 'Users', role: 'admin' },
  { to: '/admin/customers', label: 'Customers' },
  { to: '/admin/credentials', label: 'Credentials' },
  { to: '/admin/platforms', label: 'Platforms' },
  { to: '/audit', label: 'Audit trail', role: 'admin' },
  { to: '/account/api-keys', label: 'API keys' },
  { to: '/account/password', label: 'My password' },
];

function useTheme(): [boolean, () => void] {
  const [dark, setDark] = useState(() => document.documentElement.classList.contains('dark'));
  const toggle = () => {
    const next = !dark;
    document.documentElement.classList.toggle('dark', next);
    localStorage.setItem('webnet.theme', next ? 'dark' : 'light');
    setDark(next);
  };
  return [dark, toggle];
}

function CustomerSwitcher() {
  const { customers, customerId, setCustomerId } = useSession();
  if (customers.length < 2) return null;
  return (
    <CustomerSelect
      aria-label="customer"
      className="w-48"
      value={customerId ?? ''}
      onChange={(e) => setCustomerId(e.target.value || null)}
      empty="All customers"
    />
  );
}

/**
 * After a navigation, focus goes to the new page's heading, as a screen reader user expects of a
 * page change (the page may still be loading its code: its heading is looked for a while), unless
 * the new page has put it somewhere itself.
 */
function useFocusHeading(main: RefObject<HTMLElement | null>) {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    // The first page keeps the browser's own focus (a login field, the address bar).
    if (first.current) {
      first.current = false;
      return;
    }
    void pathname;
    let tries = 0;
    const before = document.activeElement;
    const timer = setInterval(() => {
      // A page that put focus somewhere itself keeps it (a terminal takes the keyboard at once).
      const active = document.activeElement;
      if (active && active !== before && active !== document.body && main.current?.contains(active)) {
        clearInterval(timer);
        return;
      }
      const h1 = main.current?.querySelector('h1');
      if (!h1 && ++tries < 40) return;
      clearInterval(timer);
      if (!h1) return;
      h1.tabIndex = -1;
      h1.focus();
    }, 50);
    return () => clearInterval(timer);
  }, [pathname, main]);
}

export function Layout({ children }: { children: ReactNode }) {
  const { me, can, logout } = useSession();
  const [dark, toggleTheme] = useTheme();
  const main = useRef<HTMLElement>(null);
  useFocusHeading(main);
  // Narrow screens (phones) fold the sidebar behind a Menu button; a choice folds it again.
  const [menuOpen, setMenuOpen] = useState(false);
  const { pathname } = useLocation();
  const [seenPath, setSeenPath] = useState(pathname);
  if (pathname !== seenPath) {
    setSeenPath(pathname);
    setMenuOpen(false);
  }
  return (
    <div className="flex min-h-screen">
      <nav
        className={cx(
          'w-48 shrink-0 border-r border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900',
          // Below md: an overlay when opened, out of the way when not.
          menuOpen ? 'fixed inset-y-0 left-0 z-30 overflow-y-auto shadow-xl' : 'hidden',
          'md:static md:block md:shadow-none',
        )}
        aria-label="main"
        id="main-nav"
      >
        <div className="mb-4 px-2 text-lg font-bold tracking-tight text-sky-700 dark:text-sky-400">
          webnet
        </div>
        <ul className="space-y-0.5">
          {NAV.filter((n) => !n.role || can(n.role)).map((n) => (
            <li key={n.to}>
              <NavLink
                to={n.to}
                end={n.to === '/'}
                className={({ isActive }) =>
                  cx(
                    'block rounded px-2 py-1.5 text-sm',
                    isActive
                      ? 'bg-sky-100 font-semibold text-sky-900 dark:bg-sky-950 dark:text-sky-200'
                      : 'hover:bg-slate-100 dark:hover:bg-slate-800',
                  )
                }
              >
                {n.label}
              </NavLink>
            </li>
          ))}
        </ul>
        <p className="mt-6 px-2 text-xs text-slate-500 dark:text-slate-400">
          Press <kbd className="mono">?</kbd> for keyboard shortcuts
        </p>
      </nav>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex flex-wrap items-center justify-end gap-3 border-b border-slate-200 bg-white px-4 py-2 dark:border-slate-800 dark:bg-slate-900">
          <Button
            className="mr-auto md:hidden"
            aria-expanded={menuOpen}
            aria-controls="main-nav"
            onClick={() => setMenuOpen(!menuOpen)}
          >
            Menu
          </Button>
          <CustomerSwitcher />
          <span className="text-sm" data-testid="current-user">
            {me.displayName || me.username}{' '}
            <span className="rounded bg-slate-200 px-1.5 py-0.5 text-xs dark:bg-slate-800">
              {me.effectiveRole}
            </span>
          </span>
          <Button variant="ghost" onClick={toggleTheme} aria-label="toggle theme">
            {dark ? '☀' : '☾'}
          </Button>
          <Button onClick={() => void logout()}>Log out</Button>
        </header>
        <main ref={main} className="min-w-0 flex-1 p-2 md:p-4">
          {children}
        </main>
      </div>
    </div>
  );
}
