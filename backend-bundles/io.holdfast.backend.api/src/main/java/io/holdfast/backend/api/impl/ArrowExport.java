package io.holdfast.backend.api.impl;

import io.holdfast.backend.store.BackendStore;
import io.holdfast.backend.store.StoreException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.memory.unsafe.UnsafeAllocationManager;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMilliTZVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The Arrow IPC stream export ({@code application/vnd.apache.arrow.stream}): columns {@code timestamp} (timestamp[ms,
 * tz=UTC]), {@code seq} (int64) and {@code value} (float64), written by Arrow Java in record batches of
 * {@link #BATCH_ROWS} rows while the store streams them, so the memory used does not grow with the range.
 * {@code pyarrow.ipc.open_stream(f).read_pandas()} reads it.
 */
final class ArrowExport {

    static final int BATCH_ROWS = 8192;
    static final String MEDIA_TYPE = "application/vnd.apache.arrow.stream";
    /** Three columns of one batch are about 200 KB; the limit only guards against a leak. */
    private static final long ALLOCATOR_LIMIT = 64L << 20;

    static final Schema SCHEMA = new Schema(List.of(
            new Field("timestamp", FieldType.notNullable(new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC")), null),
            new Field("seq", FieldType.notNullable(new ArrowType.Int(64, true)), null), new Field("value",
                    FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null)));

    private ArrowExport() {
    }

    /**
     * The allocator uses {@code sun.misc.Unsafe} (arrow-memory-unsafe, named here rather than left to Arrow's lookup by
     * class name, which bnd's {@code -conditionalpackage} does not see) and needs {@code java.nio} opened to unnamed
     * modules: the backend jar's manifest says {@code Add-Opens: java.base/java.nio}.
     */
    static BufferAllocator allocator() {
        return new RootAllocator(RootAllocator.configBuilder().allocationManagerFactory(UnsafeAllocationManager.FACTORY)
                .maxAllocation(ALLOCATOR_LIMIT).build());
    }

    static void write(BackendStore store, String device, String metric, long from, long to, OutputStream os)
            throws StoreException, IOException {
        try (BufferAllocator allocator = allocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
                ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(os))) {
            TimeStampMilliTZVector ts = (TimeStampMilliTZVector) root.getVector(0);
            BigIntVector seq = (BigIntVector) root.getVector(1);
            Float8Vector value = (Float8Vector) root.getVector(2);
            ts.allocateNew(BATCH_ROWS);
            seq.allocateNew(BATCH_ROWS);
            value.allocateNew(BATCH_ROWS);
            writer.start();
            int[] n = { 0 };
            store.streamSamples(device, metric, from, to, s -> {
                int i = n[0];
                ts.set(i, s.timestamp());
                seq.set(i, s.seq());
                value.set(i, s.value());
                if (++n[0] == BATCH_ROWS) {
                    root.setRowCount(BATCH_ROWS);
                    writer.writeBatch();
                    n[0] = 0;
                }
            });
            if (n[0] > 0) {
                root.setRowCount(n[0]);
                writer.writeBatch();
            }
            writer.end();
        }
        os.flush();
    }
}
