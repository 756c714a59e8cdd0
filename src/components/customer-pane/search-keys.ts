/**
 * Arrow keys between the search box and its results (issue #18, item 9):
 * ArrowDown in the box goes to the first result; in the results ArrowDown and
 * ArrowUp go to the next and previous one, Home and End to the first and the
 * last, and ArrowUp on the first goes back up to the box. Each result stays a
 * button in the tab order; the keys only save the agent the Tabs.
 *
 * Returns true when the key was handled (the caller prevents its default).
 */
export function searchKey(event: KeyboardEvent, box: HTMLInputElement | null, results: readonly HTMLElement[]): boolean {
  if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || !results.length) return false;
  const from = event.composedPath()[0];
  const index = results.findIndex((result) => result === from);
  let to: HTMLElement | null | undefined;
  if (from === box) to = event.key === 'ArrowDown' ? results[0] : undefined;
  else if (index < 0) return false;
  else if (event.key === 'ArrowDown') to = results[Math.min(index + 1, results.length - 1)];
  else if (event.key === 'ArrowUp') to = index === 0 ? box : results[index - 1];
  else if (event.key === 'Home') to = results[0];
  else if (event.key === 'End') to = results.at(-1);
  if (!to) return false;
  to.focus();
  return true;
}
