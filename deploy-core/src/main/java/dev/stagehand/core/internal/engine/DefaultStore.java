package dev.stagehand.core.internal.engine;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.spi.Store;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link Store} of one scope; the engine calls {@link #close()} when the scope ends. */
public final class DefaultStore implements Store, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultStore.class);

    /** What the store belongs to, rendered only for a message. */
    private final Object scope;
    private final UnaryOperator<String> mask;
    private final Map<Object, Object> values = new LinkedHashMap<>();
    private boolean closed;

    /** @param scope what the store belongs to, for messages ({@code deployment}, a package, a step's location) */
    public DefaultStore(Object scope, UnaryOperator<String> mask) {
        this.scope = scope;
        this.mask = mask;
    }

    @Override
    public synchronized <V> V getOrCompute(Object key, Class<V> type, Factory<? extends V> factory) throws Exception {
        open();
        Object known = values.get(key);
        if (known != null) {
            return type.cast(known);
        }
        V made = factory.create();
        if (made == null) {
            throw new DeploymentException("the factory for " + key + " in the " + scope + " store made nothing",
                    Location.UNKNOWN);
        }
        values.put(key, made);
        return made;
    }

    @Override
    public synchronized <V> Optional<V> get(Object key, Class<V> type) {
        return Optional.ofNullable(values.get(key)).map(type::cast);
    }

    @Override
    public synchronized void put(Object key, Object value) {
        open();
        values.put(key, value);
    }

    @Override
    public synchronized <V> Optional<V> remove(Object key, Class<V> type) {
        return Optional.ofNullable(values.remove(key)).map(type::cast);
    }

    private void open() {
        if (closed) {
            throw new DeploymentException("the " + scope + " store is closed: its scope has ended", Location.UNKNOWN);
        }
    }

    /**
     * Closes every {@link AutoCloseable} value once, newest first, and empties the store. A value
     * that fails to close is logged with the reason; the others are closed still.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Object> newestFirst = new ArrayList<>(values.values());
        Collections.reverse(newestFirst);
        Set<Object> done = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Object value : newestFirst) {
            if (value instanceof AutoCloseable closeable && done.add(value)) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.warn("closing {} of the {} store failed: {}", value.getClass().getName(), scope,
                            mask.apply(String.valueOf(e.getMessage())));
                }
            }
        }
        values.clear();
    }
}
