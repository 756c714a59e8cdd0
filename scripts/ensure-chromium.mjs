// Makes sure a Chromium is there before the tests start, instead of failing obscurely.
// As root on a Debian-like machine it installs Debian's `chromium`; otherwise it says how.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromePath } from './chromium.mjs';

if (!chromePath()) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (isRoot && hasApt) {
    console.error('Chromium not found: installing Debian\'s chromium (apt-get install -y chromium) ...');
    execSync('apt-get update && apt-get install -y chromium', { stdio: 'inherit' });
  }
  if (!chromePath()) {
    console.error(
      [
        'The tests run in headless Chromium, and none was found.',
        'Install one, then run npm test again:',
        '  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium',
        '  elsewhere:      install Chromium or Chrome and set CHROME_PATH=/path/to/chrome',
      ].join('\n'),
    );
    process.exit(1);
  }
}
