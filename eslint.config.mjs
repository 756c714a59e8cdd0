import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';

const unsafeSinks = [
  { selector: "MemberExpression[property.name='innerHTML']", message: 'Customer text must stay text: no innerHTML.' },
  { selector: "MemberExpression[property.name='outerHTML']", message: 'Customer text must stay text: no outerHTML.' },
  { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'No insertAdjacentHTML.' },
  { selector: "CallExpression[callee.name='eval']", message: 'No eval.' },
  { selector: "NewExpression[callee.name='Function']", message: 'No new Function.' },
  { selector: "CallExpression[callee.object.name='window'][callee.property.name=/^(alert|confirm|prompt)$/]", message: 'A gadget never blocks the desktop: use an in-gadget dialog.' },
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'custom-elements.json', 'coverage/', '.tmp/', 'bench/.out/', 'bench/.profile/', 'src/i18n/locales/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs', 'scripts/**', 'bench/**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'demo/**/*.ts', 'bench/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['src/**/*.ts', 'demo/**/*.ts'],
    ...wc.configs['flat/recommended'],
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'error',
      'no-restricted-syntax': ['error', ...unsafeSinks],
      'no-restricted-imports': ['error', {
        paths: [{ name: 'lit/directives/unsafe-html.js', message: 'Customer text must stay text: no unsafeHTML.' },
                { name: 'lit/directives/unsafe-svg.js', message: 'No unsafeSVG.' }],
      }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
