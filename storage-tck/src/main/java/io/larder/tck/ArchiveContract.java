package io.larder.tck;

import io.larder.Layout;
import io.larder.StoreSpec;
import io.larder.testkit.Note;

/**
 * The contract for adapters that serve the archive layout: every behaviour but per-record
 * expiry (archives keep records per partition and refuse it), with the notes store declared
 * {@code layout: archive}. Tests that declare their own unpartitioned stores still run on the
 * records layout, which is the only one that can hold them.
 */
public abstract class ArchiveContract extends ContractSuite implements CrudContract, BatchContract, CodecContract,
        ListingContract, CursorContract, ScanContract, ConcurrencyContract, LifecycleContract, UpdateContract,
        KeyTextContract, TallyContract {

    @Override
    public StoreSpec.Builder<Note> noteSpec() {
        return ListingContract.super.noteSpec().layout(Layout.ARCHIVE);
    }
}
