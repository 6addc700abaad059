package io.dfota.platform;

class InMemoryCampaignStoreTest extends CampaignStoreContract {

  @Override
  CampaignStore open() {
    return CampaignStore.inMemory();
  }

  @Override
  CampaignStore reopen() {
    return null;
  }
}
