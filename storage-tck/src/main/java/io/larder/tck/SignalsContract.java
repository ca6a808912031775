package io.larder.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.Signals;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link io.larder.Larder#signals()}: publish and subscribe between the users of one backend. */
public interface SignalsContract extends ContractFixture {

    /** The next message a queue receives, waiting at most ten seconds. */
    private static String next(BlockingQueue<String> received) throws InterruptedException {
        String m = received.poll(10, TimeUnit.SECONDS);
        assertThat(m).as("a message within ten seconds").isNotNull();
        return m;
    }

    @Test
    default void aSubscriberHearsWhatIsPublishedOnceItHasSubscribed() throws Exception {
        String channel = freshName();
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        try (Signals.Subscription s = larder().signals().subscribe(channel, received::add)) {
            larder().signals().publish(channel, "ready");
            assertThat(next(received)).isEqualTo("ready");
        }
    }

    @Test
    default void theMessagesOfOnePublisherArriveInOrder() throws Exception {
        String channel = freshName();
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        try (Signals.Subscription s = larder().signals().subscribe(channel, received::add)) {
            for (int i = 0; i < 100; i++) {
                larder().signals().publish(channel, Integer.toString(i));
            }
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                got.add(next(received));
            }
            assertThat(got).containsExactlyElementsOf(IntStream.range(0, 100).mapToObj(Integer::toString).toList());
        }
    }

    @Test
    default void everySubscriberOfAChannelHearsItAndNoOtherChannelDoes() throws Exception {
        String channel = freshName();
        String other = freshName();
        BlockingQueue<String> first = new LinkedBlockingQueue<>();
        BlockingQueue<String> second = new LinkedBlockingQueue<>();
        BlockingQueue<String> elsewhere = new LinkedBlockingQueue<>();
        try (Signals.Subscription a = larder().signals().subscribe(channel, first::add);
             Signals.Subscription b = larder().signals().subscribe(channel, second::add);
             Signals.Subscription c = larder().signals().subscribe(other, elsewhere::add)) {
            larder().signals().publish(channel, "both");
            larder().signals().publish(other, "marker");
            assertThat(next(first)).isEqualTo("both");
            assertThat(next(second)).isEqualTo("both");
            assertThat(next(elsewhere)).as("only what was published on its own channel").isEqualTo("marker");
        }
    }

    @Test
    default void aClosedSubscriptionHearsNothingMore() throws Exception {
        String channel = freshName();
        BlockingQueue<String> closed = new LinkedBlockingQueue<>();
        BlockingQueue<String> open = new LinkedBlockingQueue<>();
        try (Signals.Subscription keep = larder().signals().subscribe(channel, open::add)) {
            Signals.Subscription gone = larder().signals().subscribe(channel, closed::add);
            gone.close();
            gone.close();
            larder().signals().publish(channel, "after");
            assertThat(next(open)).isEqualTo("after");
            assertThat(closed).isEmpty();
        }
    }

    @Test
    default void aListenerThatThrowsKeepsItsSubscriptionAndCostsTheOthersNothing() throws Exception {
        String channel = freshName();
        AtomicInteger calls = new AtomicInteger();
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        try (Signals.Subscription bad = larder().signals().subscribe(channel, m -> {
                calls.incrementAndGet();
                throw new IllegalStateException("this listener fails");
            });
             Signals.Subscription good = larder().signals().subscribe(channel, received::add)) {
            larder().signals().publish(channel, "one");
            larder().signals().publish(channel, "two");
            assertThat(next(received)).isEqualTo("one");
            assertThat(next(received)).isEqualTo("two");
            assertThat(calls).hasValue(2);
        }
    }

    @Test
    default void channelNamesMayHoldAnyCharacterButMustNotBeEmpty() throws Exception {
        String channel = freshName() + "{a}:\n*?[x]";
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        BlockingQueue<String> lookalike = new LinkedBlockingQueue<>();
        try (Signals.Subscription s = larder().signals().subscribe(channel, received::add);
             Signals.Subscription t = larder().signals().subscribe(channel.replace("*", "x"), lookalike::add)) {
            larder().signals().publish(channel, "odd\nbut fine");
            larder().signals().publish(channel.replace("*", "x"), "marker");
            assertThat(next(received)).isEqualTo("odd\nbut fine");
            assertThat(next(lookalike)).isEqualTo("marker");
        }
        assertThatThrownBy(() -> larder().signals().publish("", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
