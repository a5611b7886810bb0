#!/usr/bin/env node
// Installs what the H5 suite needs from Debian when it is missing: Chromium, and a CJK font so that
// screenshots show Chinese text rather than empty boxes. Needs root (CI and our machines run as root).
const { existsSync } = require('node:fs');
const { execSync } = require('node:child_process');

const needed = [];
if (!existsSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium')) needed.push('chromium');
if (!existsSync('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc')) needed.push('fonts-wqy-microhei');

if (needed.length > 0) {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    console.error(`The H5 suite needs ${needed.join(', ')}: install them with apt-get (as root) and run again.`);
    process.exit(1);
  }
  console.warn(`Installing ${needed.join(', ')} from Debian…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execSync('apt-get update -qq', { stdio: 'inherit', env });
  execSync(`apt-get install -y -qq ${needed.join(' ')}`, { stdio: 'inherit', env });
}
