import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteStore } from '../../../src/server/store/sqliteStore';
import { alertStoreContract } from './alertStoreContract';

alertStoreContract('SqliteStore', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-alerts-'));
  const store = SqliteStore.open(dataDir);
  return {
    store,
    dispose: async () => {
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
