package dev.ensemble.bus;

class LocalOperationBusTest extends OperationBusContract {

  private final LocalOperationBus.Hub hub = new LocalOperationBus.Hub();

  @Override
  OperationBus newBus() {
    return new LocalOperationBus(hub);
  }
}
