import { css } from 'lit';

export const styles = css`
  :host { display: block; }
  .trigger { display: flex; align-items: center; gap: var(--_space); flex-wrap: wrap; }
  .trigger .muted { font-size: 0.85em; overflow-wrap: anywhere; }
  dialog {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 2);
    inline-size: min(32rem, calc(100% - 2 * var(--_space)));
    color: var(--_fg);
    background: var(--_bg);
  }
  dialog h2 { margin-block: 0 var(--_space); font-size: 1.1em; overflow-wrap: anywhere; }
  p { margin-block: 0 var(--_space); overflow-wrap: anywhere; }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    margin-block: 0 var(--_space);
    margin-inline: 0;
    padding: var(--_space);
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) / 2);
  }
  legend { font-weight: 600; padding-inline: calc(var(--_space) / 2); }
  /* Each choice is a whole line the pointer can take (WCAG 2.5.8: at least 24 px high). */
  .option { display: flex; align-items: center; gap: var(--_space); min-block-size: 24px; cursor: pointer; overflow-wrap: anywhere; }
  .option input { inline-size: auto; margin: 0; block-size: 1.1em; min-inline-size: 1.1em; flex: none; }
  .detail { margin-inline-start: calc(var(--_space) * 3); display: flex; flex-direction: column; gap: 4px; }
  .search { display: flex; gap: var(--_space); align-items: end; }
  .search .field { flex: 1; display: flex; flex-direction: column; gap: 4px; }
  .actions { display: flex; gap: var(--_space); justify-content: flex-end; flex-wrap: wrap; margin-block-start: var(--_space); }
  .problem { color: var(--_danger); }
`;
