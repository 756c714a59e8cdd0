import { css } from 'lit';

export const styles = css`
  :host { display: contents; }
  dialog {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 2);
    inline-size: min(36rem, calc(100% - 2 * var(--_space)));
    max-block-size: calc(100% - 2 * var(--_space));
    color: var(--_fg);
    background: var(--_bg);
  }
  dialog h2 { margin-block: 0 var(--_space); font-size: 1.1em; overflow-wrap: anywhere; }
  p { margin-block: 0 var(--_space); overflow-wrap: anywhere; }
  label.field { display: flex; flex-direction: column; gap: 4px; }
  input[type='search'] { font: inherit; padding: 4px; border: 1px solid var(--_input-border); border-radius: var(--_radius); color: var(--_fg); background: var(--_bg); }
  ul.results { list-style: none; margin-block: var(--_space); margin-inline: 0; padding: 0; display: grid; gap: 4px; }
  ul.results button { inline-size: 100%; text-align: start; }
  fieldset { border: 1px solid var(--_border); border-radius: var(--_radius); margin-block: 0 var(--_space); margin-inline: 0; padding: var(--_space); display: flex; flex-direction: column; gap: 4px; }
  legend { font-weight: 600; padding-inline: calc(var(--_space) / 2); }
  /* Each choice is a whole line the pointer can take (WCAG 2.5.8: at least 24 px high). */
  .option { display: flex; align-items: center; gap: var(--_space); min-block-size: 24px; cursor: pointer; overflow-wrap: anywhere; }
  .option input { margin: 0; flex: none; }
  .muted { color: var(--_muted); }
  .hint { font-size: 0.9em; }
  dl.kept { display: grid; grid-template-columns: max-content 1fr; gap: 4px var(--_space); margin: 0; }
  dl.kept dt { font-weight: 600; }
  dl.kept dd { margin: 0; overflow-wrap: anywhere; }
  progress { inline-size: 100%; }
  .problem { color: var(--_danger); }
  button { font: inherit; padding-block: 4px; padding-inline: var(--_space); border: 1px solid var(--_input-border); border-radius: var(--_radius); background: var(--_bg); color: var(--_fg); cursor: pointer; min-block-size: 24px; }
  button.primary { background: var(--_accent); color: var(--_accent-fg); border-color: var(--_accent); }
  button:disabled { cursor: default; opacity: 0.6; }
  .actions { display: flex; gap: var(--_space); justify-content: flex-end; flex-wrap: wrap; margin-block-start: var(--_space); }
`;
