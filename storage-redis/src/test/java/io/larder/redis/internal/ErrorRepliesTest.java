package io.larder.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.CorruptRecordException;
import io.larder.HostPort;
import io.larder.Secret;
import io.larder.StorageException;
import io.larder.StorageUnavailableException;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Error replies become Larder's exceptions naming the server or cluster node they concern, never a secret. */
class ErrorRepliesTest {
    private static final String PASSWORD = "s3cret-pw";
    private final ErrorReplies standalone = ErrorReplies.standalone("10.0.0.5", 6380, 0, false, "",
            Secret.of(PASSWORD));

    @Test
    void aServerThatCannotServeNowIsUnavailableAndNamed() {
        StorageException e = standalone.translate(new RedisError("LOADING Redis is loading the dataset in memory"), "k");
        assertThat(e).isInstanceOf(StorageUnavailableException.class).hasMessageContaining("10.0.0.5:6380");
        assertThat(((StorageUnavailableException) e).server()).contains("10.0.0.5:6380");
    }

    @Test
    void anUnavailableServerIsNamedAsDataWithoutItsPassword() {
        StorageUnavailableException lost = (StorageUnavailableException) standalone.connectionFailure(
                new IOException("Connection reset by 10.0.0.5:6380 (AUTH " + PASSWORD + ")"));
        assertThat(lost.server()).contains("10.0.0.5:6380");
        assertThat(lost.getMessage()).doesNotContain(PASSWORD);
        assertThat(lost.getCause()).isNull();
        ErrorReplies sentinel = ErrorReplies.sentinel("mymaster", List.of(new HostPort("10.0.0.7", 26379)), 0, false, "",
                Secret.of(PASSWORD), Secret.of(PASSWORD));
        StorageException e = sentinel.connectionFailure(new IOException("Connection refused"));
        assertThat(((StorageUnavailableException) e).server()).contains("sentinel master 'mymaster'");
    }

    @Test
    void aReplyFromAClusterNodeNamesThatNode() {
        ErrorReplies cluster = ErrorReplies.cluster(List.of(new HostPort("10.0.0.1", 7000)), false, "");
        StorageException e = cluster.translate(new RedisError("CLUSTERDOWN The cluster is down").from("10.0.0.2:7001"), null);
        assertThat(e).isInstanceOf(StorageUnavailableException.class).hasMessageContaining("10.0.0.2:7001");
        assertThat(((StorageUnavailableException) e).server()).contains("10.0.0.2:7001");
        StorageException seeds = cluster.connectionFailure(new IOException("Connection refused"));
        assertThat(seeds).isInstanceOf(StorageUnavailableException.class).hasMessageContaining("10.0.0.1:7000");
        assertThat(((StorageUnavailableException) seeds).server()).contains("cluster 10.0.0.1:7000");
        StorageException node = cluster.at("10.0.0.3:7002").connectionFailure(new IOException("Connection reset"));
        assertThat(node).isInstanceOf(StorageUnavailableException.class).hasMessageContaining("10.0.0.3:7002");
        assertThat(((StorageUnavailableException) node).server()).contains("10.0.0.3:7002");
    }

    @Test
    void aKeyOfAnotherTypeIsACorruptRecordNamingTheKey() {
        assertThat(standalone.translate(new RedisError("WRONGTYPE Operation against a key holding the wrong kind of value"), "larder:s:{g}:r:1"))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("larder:s:{g}:r:1");
    }

    @Test
    void aFullServerIsNamedFullEvenInsideAScriptsError() {
        String oom = "OOM command not allowed when used memory > 'maxmemory'.";
        assertThat(standalone.translate(new RedisError(oom), "k").getMessage())
                .startsWith("Redis at 10.0.0.5:6380 is full: it refuses writes past its maxmemory").contains(oom);
        assertThat(standalone.translate(new RedisError("ERR Error running script (call to f_69f6): @user_script:187: "
                + "@user_script: 187: -" + oom), null).getMessage()).contains("is full", "raise maxmemory");
    }

    @Test
    void noMessageCarriesASecret() {
        StorageException e = standalone.translate("WRONGPASS invalid username-password pair: " + PASSWORD, null, null);
        assertThat(e.getMessage()).contains("authentication").contains("10.0.0.5:6380").doesNotContain(PASSWORD);
    }
}
