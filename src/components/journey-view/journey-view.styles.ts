import { css } from 'lit';

/**
 * The journey's look. Rows have a fixed block size (`ROW_HEIGHT` in
 * journey-view.ts, 44px): windowing depends on it, so it is not a custom
 * property. Logical properties only.
 *
 * Scrolling stays cheap because each row is contained (`contain: strict`:
 * its size is fixed, so laying out or painting one row never touches the
 * others or the tall spacer), and scroll anchoring is off (the rows are
 * placed by the element, the browser has nothing to keep in place).
 */
export const styles = css`
  :host {
    display: block;
    container-type: inline-size;
    --_row-height: 44px;
    --_list-height: var(--cc-journey-height, 320px);
    --_selected-bg: var(--cc-journey-selected-background, color-mix(in srgb, var(--_accent) 12%, var(--_bg)));
  }
  :host([hidden]) { display: none; }

  .filters {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: calc(var(--_space) / 2) var(--_space);
    margin-block-end: var(--_space);
  }
  .filter {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
  }
  .period {
    display: inline-flex;
    align-items: center;
    gap: calc(var(--_space) / 2);
    color: var(--_muted);
  }
  .period select { min-block-size: 24px; }
  .filter button {
    display: inline-flex;
    align-items: center;
    gap: calc(var(--_space) / 2);
    padding-block: 2px;
  }
  .filter button[aria-pressed='true'] {
    background: var(--_accent);
    color: var(--_accent-fg);
    border-color: var(--_accent);
  }

  .list {
    position: relative;
    overflow: auto;
    overscroll-behavior: contain;
    max-block-size: var(--_list-height);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    overflow-anchor: none;
  }
  .spacer { position: relative; inline-size: 100%; contain: strict; }
  .empty {
    margin: 0;
    padding: var(--_space);
    color: var(--_muted);
  }

  .main { position: relative; }
  .news {
    position: absolute;
    inset-block-start: calc(var(--_space) / 2);
    inset-inline: 0;
    z-index: 2;
    display: flex;
    justify-content: center;
    pointer-events: none;
  }
  .new-events {
    pointer-events: auto;
    min-block-size: 28px;
    padding-block: 2px;
    padding-inline: var(--_space);
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_accent-fg);
    border-color: var(--_accent);
    box-shadow: 0 1px 4px rgb(0 0 0 / 25%);
  }
  .day {
    position: absolute;
    inset-inline: 0;
    block-size: var(--_row-height);
    display: flex;
    align-items: flex-end;
    padding-block-end: 4px;
    padding-inline: var(--_space);
    border-block-end: 1px solid var(--_border);
    background: var(--_bg-alt);
    color: var(--_muted);
    font-size: 0.86em;
    font-weight: 600;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
    contain: strict;
  }

  .row {
    position: absolute;
    inset-inline: 0;
    block-size: var(--_row-height);
    display: grid;
    grid-template-columns: 20px minmax(0, 1fr) auto;
    grid-template-rows: 1fr 1fr;
    column-gap: var(--_space);
    align-items: center;
    padding-block: 2px;
    padding-inline: var(--_space);
    border-block-end: 1px solid var(--_border);
    border-inline-start: 3px solid transparent;
    line-height: 18px;
    cursor: pointer;
    overflow: hidden;
    user-select: none;
    contain: strict;
  }
  .row:hover { background: var(--_bg-alt); }
  .row[aria-selected='true'] {
    background: var(--_selected-bg);
    border-inline-start-color: var(--_accent);
  }
  .list:focus-visible .row.active,
  .list:focus .row.active {
    outline: var(--_focus-ring);
    outline-offset: -2px;
  }
  .list:focus:not(:focus-visible) { outline: none; }

  .icon {
    grid-row: 1 / span 2;
    display: inline-flex;
    color: var(--_accent);
  }
  svg { inline-size: 16px; block-size: 16px; flex: none; }
  .title {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-weight: 600;
  }
  .date {
    color: var(--_muted);
    white-space: nowrap;
    font-size: 0.9em;
  }
  .meta {
    grid-column: 2 / span 2;
    display: flex;
    gap: calc(var(--_space) / 2);
    align-items: center;
    overflow: hidden;
    white-space: nowrap;
    font-size: 0.86em;
    color: var(--_muted);
  }
  .tag {
    display: inline-block;
    max-inline-size: 12em;
    overflow: hidden;
    text-overflow: ellipsis;
    padding-inline: 6px;
    border-radius: 999px;
    background: var(--_bg-alt);
    border: 1px solid var(--_border);
    color: var(--_fg);
    line-height: 16px;
  }
  .badge {
    padding-inline: 6px;
    border-radius: var(--_radius);
    background: var(--_accent);
    color: var(--_accent-fg);
    line-height: 16px;
  }
  .status { font-weight: 600; color: var(--_fg); }
  .meta .note { min-inline-size: 0; overflow: hidden; text-overflow: ellipsis; color: var(--_fg); }

  .more { margin-block-start: calc(var(--_space) / 2); }

  .preview {
    margin-block-start: var(--_space);
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg-alt);
  }
  .preview[hidden] { display: none; }
  /* Wide enough: the preview sits beside the list (in view while hovering), its column kept
     whether or not something is previewed, so the list never changes width. */
  @container (min-width: 640px) {
    .body { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: var(--_space); align-items: start; }
    .preview { margin-block-start: 0; }
    .preview[hidden] { display: block; visibility: hidden; }
  }
  .preview p { margin-block: 0 calc(var(--_space) / 2); }
  .preview .heading { font-weight: 600; overflow-wrap: anywhere; }
  .preview .head {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
    align-items: center;
    color: var(--_muted);
  }
  .preview .body { white-space: pre-wrap; overflow-wrap: anywhere; }
  .preview .note-by { font-size: 0.9em; }
  .preview ul {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
    margin: 0;
    padding: 0;
    list-style: none;
  }
`;
