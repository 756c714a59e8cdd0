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
  // Hardening (README "Security and reliability"; proved by test/hardening/lint-rule.test.ts):
  // the same sinks reached another way, and the other ways a string becomes markup or code.
  { selector: "MemberExpression[computed=true][property.value=/^(innerHTML|outerHTML|srcdoc)$/]", message: 'Customer text must stay text: no innerHTML/outerHTML/srcdoc, not even by a computed key.' },
  { selector: "MemberExpression[property.name='srcdoc']", message: 'Customer text must stay text: no iframe srcdoc.' },
  { selector: "CallExpression[callee.property.name=/^(write|writeln)$/] > MemberExpression.callee Identifier[name=/^(document|contentDocument|ownerDocument)$/]", message: 'No document.write.' },
  { selector: "CallExpression[callee.property.name='createContextualFragment']", message: 'Customer text must stay text: no createContextualFragment.' },
  { selector: "CallExpression[callee.property.name='eval']", message: 'No eval, not even window.eval / globalThis.eval.' },
  { selector: "CallExpression[callee.name='Function']", message: 'No Function(): it is eval.' },
  { selector: "CallExpression[callee.name=/^(setTimeout|setInterval)$/][arguments.0.type=/^(Literal|TemplateLiteral|BinaryExpression)$/]", message: 'No string code in setTimeout/setInterval: pass a function.' },
  { selector: "CallExpression[callee.property.name=/^(setTimeout|setInterval)$/][arguments.0.type=/^(Literal|TemplateLiteral|BinaryExpression)$/]", message: 'No string code in setTimeout/setInterval: pass a function.' },
  { selector: "CallExpression[callee.name=/^(alert|confirm|prompt)$/]", message: 'A gadget never blocks the desktop: use an in-gadget dialog.' },
  { selector: "CallExpression[callee.object.name=/^(globalThis|self)$/][callee.property.name=/^(alert|confirm|prompt)$/]", message: 'A gadget never blocks the desktop: use an in-gadget dialog.' },
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
                { name: 'lit/directives/unsafe-svg.js', message: 'No unsafeSVG.' },
                { name: 'lit/static-html.js', importNames: ['unsafeStatic'], message: 'No unsafeStatic.' },
                { name: 'lit-html/static.js', importNames: ['unsafeStatic'], message: 'No unsafeStatic.' }],
        // The same directives by any path (lit-html/…, unsafe-mathml, template-content).
        patterns: [{ group: ['**/directives/unsafe-*', '**/directives/template-content*'], message: 'Customer text must stay text: no unsafe-* or templateContent directive.' }],
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
