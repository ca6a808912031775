package io.larder.spring;

import io.larder.Larder;
import io.larder.Storage;
import io.larder.StoreSpec;
import io.larder.chat.ChatArchive;
import io.larder.config.LarderSettings;
import io.larder.limiter.RateLimiter;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;

/**
 * Reads the Larder settings from the environment once, at start-up, and registers them with one
 * bean per declared store ({@code <name>Store}, a {@code Storage<Map>}), per declared rate limiter
 * ({@code <name>Limiter}) and the chat archive ({@code chatArchive}, when a store {@code chat} is
 * declared; that store then has no map bean). Store, limiter and archive beans are lazy: a store opens when first injected, so a
 * store the application opens with its own record type ({@code larder.store("chat", ChatMessage.class)})
 * is not opened as maps first. A name the application already gives a bean is left to it.
 */
final class LarderBeans implements BeanDefinitionRegistryPostProcessor, EnvironmentAware, BeanFactoryAware {
    private static final Logger LOG = LoggerFactory.getLogger(LarderBeans.class);
    static final String SETTINGS = "larderSettings";

    @SuppressWarnings("NullAway.Init") // set by Spring (EnvironmentAware) before it post-processes the registry
    private Environment environment;
    @SuppressWarnings("NullAway.Init") // set by Spring (BeanFactoryAware) before any bean is asked for
    private BeanFactory beans;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beans = beanFactory;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        LarderSettings settings = EnvironmentTree.settings(environment);
        register(registry, SETTINGS, ResolvableType.forClass(LarderSettings.class), () -> settings, false);
        boolean archive = settings.store(ChatArchive.DEFAULT_NAME).isPresent();
        for (StoreSpec<Map> store : settings.stores()) {
            String name = store.name();
            if (archive && name.equals(ChatArchive.DEFAULT_NAME)) {
                continue;                            // the archive's: its records are ChatMessages, never maps
            }
            register(registry, name + "Store", ResolvableType.forClassWithGenerics(Storage.class, Map.class),
                    () -> larder().store(name, Map.class), true);
        }
        if (archive) {
            register(registry, "chatArchive", ResolvableType.forClass(ChatArchive.class), () -> ChatArchive.open(larder()), true);
        }
        settings.limiters().forEach(limiter -> register(registry, limiter.name() + "Limiter",
                ResolvableType.forClass(RateLimiter.class), () -> RateLimiter.of(larder(), limiter.name()), true));
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    }

    private Larder larder() {
        return beans.getBean(Larder.class);
    }

    private static <T> void register(BeanDefinitionRegistry registry, String name, ResolvableType type, Supplier<T> make,
                                     boolean lazy) {
        if (registry.containsBeanDefinition(name)) {
            LOG.info("Larder leaves the bean '{}' to the application's own definition", name);
            return;
        }
        RootBeanDefinition definition = new RootBeanDefinition();
        definition.setTargetType(type);
        definition.setInstanceSupplier(make);
        definition.setLazyInit(lazy);
        registry.registerBeanDefinition(name, definition);
    }
}
