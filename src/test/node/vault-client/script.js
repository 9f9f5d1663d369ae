'use strict';
// Drives the md-rotator Vault emulator with the third-party node-vault client.
// Usage: node script.js <address> <token>; AppRole credentials come from VAULT_ROLE_ID / VAULT_SECRET_ID.
// Prints "OK <step>" per step and "ALL OK" at the end; exits 1 on the first failure.
// Never prints a token or secret value.
const nodeVault = require('node-vault');

const [address, token] = process.argv.slice(2);
if (!address || !token) {
  console.error('usage: node script.js <address> <token>');
  process.exit(2);
}
const vault = nodeVault({ apiVersion: 'v1', endpoint: address, token });
const path = 'secret/data/node/app';

function check(cond, what) {
  if (!cond) {
    throw new Error('check failed: ' + what);
  }
}

async function expectError(promise, status, text, what) {
  try {
    await promise;
  } catch (e) {
    const got = e.response ? e.response.statusCode : undefined;
    check(got === status, `${what}: status ${got} != ${status}`);
    check(!text || String(e.message).includes(text), `${what}: message "${e.message}" lacks "${text}"`);
    return;
  }
  throw new Error(`${what}: expected an error`);
}

async function main() {
  let r = await vault.write(path, { data: { token_id: 'n1', token: 'value-1' }, options: { cas: 0 } });
  check(r.data.version === 1, 'first write is version 1');
  console.log('OK write-cas create');

  await expectError(vault.write(path, { data: { token_id: 'x' }, options: { cas: 0 } }), 400,
    'check-and-set parameter did not match the current version', 'stale cas');
  console.log('OK write-cas conflict');

  r = await vault.write(path, { data: { token_id: 'n2', token: 'value-2' }, options: { cas: 1 } });
  check(r.data.version === 2, 'second write is version 2');
  console.log('OK write-cas update');

  r = await vault.read(path);
  check(r.data.data.token_id === 'n2', 'latest data');
  check(r.data.metadata.version === 2, 'latest version');
  check(typeof r.request_id === 'string' && r.lease_id === '', 'envelope fields');
  console.log('OK read latest');

  r = await vault.read(path + '?version=1');
  check(r.data.data.token_id === 'n1' && r.data.metadata.version === 1, 'version 1 data');
  console.log('OK read version');

  await vault.write('secret/metadata/node/app', { custom_metadata: { owner: 'node-vault' }, max_versions: 5 });
  r = await vault.read('secret/metadata/node/app');
  check(r.data.current_version === 2 && r.data.max_versions === 5, 'metadata versions');
  check(r.data.custom_metadata.owner === 'node-vault', 'custom_metadata');
  check(Object.keys(r.data.versions).length === 2, 'versions map');
  console.log('OK metadata');

  r = await vault.list('secret/metadata/node');
  check(JSON.stringify(r.data.keys) === '["app"]', 'list keys');
  console.log('OK list');

  await expectError(vault.read('secret/data/node/missing'), 404, null, 'missing key');
  console.log('OK missing 404');

  const login = await vault.approleLogin({ role_id: process.env.VAULT_ROLE_ID, secret_id: process.env.VAULT_SECRET_ID });
  check(typeof login.auth.client_token === 'string' && login.auth.policies.includes('default'), 'approle auth block');
  check(vault.token === login.auth.client_token, 'node-vault adopted the login token');
  r = await vault.read(path);
  check(r.data.data.token_id === 'n2', 'read with the AppRole token');
  r = await vault.tokenLookupSelf();
  check(r.data.ttl > 0 && r.data.renewable === true, 'lookup-self');
  console.log('OK approle login');

  const other = nodeVault({ apiVersion: 'v1', endpoint: address });
  await expectError(other.approleLogin({ role_id: process.env.VAULT_ROLE_ID, secret_id: 'wrong' }), 400,
    'invalid role or secret ID', 'bad secret_id');
  console.log('OK approle rejected');
  console.log('ALL OK');
}

main().catch((e) => {
  console.error('FAILED: ' + e.message);
  process.exit(1);
});
