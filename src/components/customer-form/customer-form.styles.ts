import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  :host([hidden]) {
    display: none;
  }
  h2 {
    font-size: 1.15em;
    margin-block: 0 var(--_space);
  }
  form {
    display: flex;
    flex-direction: column;
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    margin-block: 0 var(--_space);
    margin-inline: 0;
    padding-block: var(--_space);
    padding-inline: var(--_space);
  }
  legend {
    font-weight: 600;
    padding-inline: calc(var(--_space) / 2);
  }
  .row {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 2fr) auto;
    align-items: start;
    gap: var(--_space);
    background: var(--_bg-alt);
    border-radius: var(--_radius);
    padding-block: calc(var(--_space) / 2) 0;
    padding-inline: calc(var(--_space) / 2);
    margin-block-end: var(--_space);
  }
  .row .remove {
    margin-block-start: 1.6em;
    line-height: 1;
  }
  .actions {
    display: flex;
    gap: var(--_space);
    justify-content: flex-end;
  }
  /* The dl grid itself: shared/details.styles.ts. */
  dl {
    margin-block-end: var(--_space);
  }
  dd.multiline {
    white-space: pre-line;
  }
  /* Unsaved values are marked in words; the border and weight only support the text. */
  .unsaved {
    display: inline-block;
    white-space: nowrap;
    font-size: 0.85em;
    font-weight: 600;
    color: var(--_warning);
    background: var(--_warning-bg);
    border: 1px solid currentColor;
    border-radius: var(--_radius);
    padding-inline: calc(var(--_space) / 2);
    margin-inline-start: calc(var(--_space) / 2);
  }
  .was {
    display: block;
    color: var(--_muted);
    font-size: 0.9em;
  }
  legend .unsaved-mark {
    font-size: 0.8em;
    color: var(--_warning);
    background: var(--_warning-bg);
    border: 1px solid currentColor;
    border-radius: var(--_radius);
    padding-inline: calc(var(--_space) / 2);
    margin-inline-start: calc(var(--_space) / 2);
  }
  /* Create mode: the disclosure of the fields after Name, Phone and Email. */
  .more {
    align-self: flex-start;
    margin-block-end: var(--_space);
  }
  .more::before {
    content: '▸';
    display: inline-block;
    margin-inline-end: calc(var(--_space) / 2);
  }
  .more[aria-expanded='true']::before {
    transform: rotate(90deg);
  }
  #more-fields[hidden] {
    display: none;
  }
  .unsaved-note {
    margin-block: 0 var(--_space);
    padding-block: calc(var(--_space) / 2);
    padding-inline: var(--_space);
    color: var(--_warning);
    background: var(--_warning-bg);
    border-inline-start: 3px solid currentColor;
    border-radius: var(--_radius);
  }
`;
