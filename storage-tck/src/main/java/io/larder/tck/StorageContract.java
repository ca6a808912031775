package io.larder.tck;

/**
 * The contract every adapter passes: one abstract suite that specifies each behaviour of the port
 * once. An adapter's test extends it and says how to make its backend; the behaviours live in
 * the contract interfaces this class mixes in, one file per concern.
 */
public abstract class StorageContract extends ContractSuite implements CrudContract, BatchContract, CodecContract,
        ExpiryContract, ListingContract, CursorContract, ScanContract, ConcurrencyContract, LifecycleContract,
        ValuesContract, UpdateContract, KeyTextContract, DamagedValueContract, DeadlineContract,
        PartitionDeleteContract, SignalsContract, TallyContract {
}
