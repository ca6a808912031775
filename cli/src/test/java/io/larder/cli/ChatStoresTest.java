package io.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.larder.ConfigurationException;
import io.larder.Larder;
import io.larder.StoreSpec;
import io.larder.chat.ChatArchive;
import io.larder.config.LarderYaml;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ChatStoresTest {
    private static final Pattern DECLARATIONS = Pattern.compile("another declaration: (StoreSpec\\{.*}); asked for (StoreSpec\\{.*})");

    /** Migrations copy the stores as the chat module declares them: a drift there must fail here, not in a user's copy. */
    @Test
    @SuppressWarnings("rawtypes")
    void theStoresAMigrationCopiesAreDeclaredAsTheArchiveDeclaresThem() {
        byte[] yaml = "larder:\n  backend: { type: memory }\n".getBytes(StandardCharsets.UTF_8);
        try (Larder larder = LarderYaml.load(new ByteArrayInputStream(yaml), "test.yaml", null)) {
            ChatArchive.open(larder);
            for (StoreSpec<Map> copied : ChatStores.undeclared()) {
                ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> larder.store(copied));
                Matcher m = DECLARATIONS.matcher(e.getMessage());
                assertThat(m.find()).as(e.getMessage()).isTrue();
                // the opened declaration has the Larder's defaults applied (encoding, size): compare what precedes them
                String opened = m.group(1).replaceFirst(": \\w+, id=", ": Map, id=");
                assertThat(upToEncoding(m.group(2))).isEqualTo(upToEncoding(opened));
            }
        }
    }

    private static String upToEncoding(String declaration) {
        return declaration.substring(0, declaration.indexOf(", encoding="));
    }
}
