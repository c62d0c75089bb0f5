import { STORE_FACTORIES } from '../server/storeFactories';
import { alertStoreContract } from './alertStoreContract';

// Every Store implementation applies a monitor's notifications by the same rules.
for (const factory of STORE_FACTORIES) {
  alertStoreContract(`${factory.name} store`, async () => {
    const data = await factory.create();
    const store = await data.open();
    return {
      store,
      dispose: async () => {
        await store.close();
        await data.dispose();
      },
    };
  });
}
