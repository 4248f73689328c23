// Loaded on demand: diff2html and its stylesheet are only needed once someone opens a diff.
import 'diff2html/bundles/css/diff2html.min.css';
import { html } from 'diff2html';
import { ColorSchemeType } from 'diff2html/lib/types';
import { useEffect, useMemo, useState } from 'react';

/** One file under the device's name: the server labels each side with snapshot ids and times. */
function asDeviceFile(unified: string, name: string): string {
  return unified
    .split('\n')
    .filter((l) => !l.startsWith('Index: ') && !/^=+$/.test(l))
    .map((l) => (l.startsWith('--- ') ? `--- a/${name}` : l.startsWith('+++ ') ? `+++ b/${name}` : l))
    .join('\n');
}

/** The screen is narrower than a tablet's (Tailwind's md), following it as it changes. */
function useNarrow(): boolean {
  const query = '(max-width: 767px)';
  const [narrow, setNarrow] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const on = () => setNarrow(list.matches);
    list.addEventListener('change', on);
    return () => list.removeEventListener('change', on);
  }, []);
  return narrow;
}

export default function DiffView({
  unified,
  layout,
  name,
}: {
  unified: string;
  layout: 'side-by-side' | 'line-by-line';
  name: string;
}) {
  const dark = document.documentElement.classList.contains('dark');
  // Side by side needs room: on a phone the two sides stack, line by line.
  const narrow = useNarrow();
  const shown = narrow ? 'line-by-line' : layout;
  // diff2html escapes every line of the diff before it builds the markup.
  const markup = useMemo(
    () =>
      html(asDeviceFile(unified, name), {
        outputFormat: shown,
        drawFileList: false,
        matching: 'lines',
        colorScheme: dark ? ColorSchemeType.DARK : ColorSchemeType.LIGHT,
      }),
    [unified, shown, dark, name],
  );
  // biome-ignore lint/security/noDangerouslySetInnerHtml: diff2html output, its input lines escaped
  return <div className="text-xs" data-testid="diff-view" dangerouslySetInnerHTML={{ __html: markup }} />;
}
