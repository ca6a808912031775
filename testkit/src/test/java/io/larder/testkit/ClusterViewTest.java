package io.larder.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClusterViewTest {

    private static final String NODES = String.join("\n",
            "a1 127.0.0.1:30001@40001 myself,master - 0 0 1 connected 0-5460",
            "b2 127.0.0.1:30002@40002,host-b master - 0 1 2 connected 5461-10922 [5461->-c3]",
            "c3 127.0.0.1:30003@40003 master - 0 1 3 connected 10923-16383",
            "d4 127.0.0.1:30004@40004 slave a1 0 1 1 connected",
            "e5 :0@0 master,fail?,noaddr - 0 1 0 disconnected",
            "");

    @Test
    void readsOwnersRolesAndAddresses() {
        ClusterView view = ClusterView.parse(NODES);

        assertThat(view.myself().id()).isEqualTo("a1");
        assertThat(view.ownerOf(0)).isEqualTo("a1");
        assertThat(view.ownerOf(5461)).isEqualTo("b2");
        assertThat(view.ownerOf(16383)).isEqualTo("c3");
        assertThat(view.allSlotsAssigned()).isTrue();
        assertThat(view.node(HostAndPort.parse("127.0.0.1:30002")).orElseThrow().id()).isEqualTo("b2");
        assertThat(view.nodeById("d4").orElseThrow().masterId()).isEqualTo("a1");
        assertThat(view.nodeById("d4").orElseThrow().isMaster()).isFalse();
        assertThat(view.firstSlotOf("c3")).isEqualTo(10923);
    }

    @Test
    void nodeWithoutAddressIsNotSettled() {
        ClusterView.Node unknown = ClusterView.parse(NODES).nodeById("e5").orElseThrow();

        assertThat(unknown.address()).isNull();
        assertThat(unknown.isSettled()).isFalse();
        assertThat(unknown.isFailing()).isTrue();
    }
}
