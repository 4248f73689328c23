// Loaded on demand: diff2html and its stylesheet are only needed once someone opens a diff.
import 'diff2html/bundles/css/diff2html.min.css';
import { html } from 'diff2html';
import { ColorSchemeType } from 'diff2html/lib/types';
import { useMemo } from 'react';

/** One file under the device's name: the server labels each side with snapshot ids and times. */
function asDeviceFile(unified: string, name: string): string {
  return unified
    .split('\n')
    .filter((l) => !l.startsWith('Index: ') && !/^=+$/.test(l))
    .map((l) => (l.startsWith('--- ') ? `--- a/${name}` : l.startsWith('+++ ') ? `+++ b/${name}` : l))
    .join('\n');
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
  // diff2html escapes every line of the diff before it builds the markup.
  const markup = useMemo(
    () =>
      html(asDeviceFile(unified, name), {
        outputFormat: layout,
        drawFileList: false,
        matching: 'lines',
        colorScheme: dark ? ColorSchemeType.DARK : ColorSchemeType.LIGHT,
      }),
    [unified, layout, dark, name],
  );
  // biome-ignore lint/security/noDangerouslySetInnerHtml: diff2html output, its input lines escaped
  return <div className="text-xs" data-testid="diff-view" dangerouslySetInnerHTML={{ __html: markup }} />;
}
