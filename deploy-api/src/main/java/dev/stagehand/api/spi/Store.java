package dev.stagehand.api.spi;

import java.util.Optional;

/**
 * Values a handler keeps for a while, in the spirit of JUnit 5's {@code ExtensionContext.Store}:
 * each deployment, package and step has one, and so has a group of deployments run together
 * ({@link StepContext#store(Scope)}). A value that is {@link AutoCloseable} is closed by the
 * engine, exactly once, when its scope ends: the step's after its Cleanup, the package's after the
 * Cleanup of its last step, the deployment's at the very end, the group's when the last of its
 * deployments has ended, whether they succeeded or not; values close in the reverse of the order
 * they were stored. So a database connection or an HTTP client is opened once per deployment,
 * on first use, and no handler keeps a static registry or decides when to close a shared one.
 *
 * <p>Keys are compared with {@code equals}; use a record or a class-qualified string of your own
 * so that two plugins never share a key by accident. A store is safe to use from several threads.
 */
public interface Store {

    /** How long a store's values live. */
    enum Scope {
        /** The whole deployment: every step of every package on every target. */
        DEPLOYMENT,
        /** One package version, across its steps and targets. */
        PACKAGE,
        /** One step on one target, across its stages. */
        STEP,
        /**
         * The deployments that run together in one process: every target's deployment of a group
         * (its dry run and its run), for work that does not depend on the target and is done once for
         * all of them, such as the hash of a local file or a download. A deployment run on its own is a
         * group of one: its group store lives as long as its deployment store. Its values may be used
         * by several targets at once, so they must be safe to use from several threads; they are
         * closed when the group ends.
         */
        GROUP
    }

    /** Makes a value when the store has none for a key. */
    @FunctionalInterface
    interface Factory<V> {
        /**
         * Makes the value.
         *
         * @return the value to store; never null
         * @throws Exception when it cannot be made; the store then keeps nothing
         */
        V create() throws Exception;
    }

    /**
     * The value of {@code key}, made by {@code factory} (once) when there is none.
     *
     * @param <V> the value's type
     * @param key the key, compared with {@code equals}
     * @param type the value's type, checked on the way out
     * @param factory makes the value when there is none, at most once per key
     * @return the stored value, or the one just made
     * @throws ClassCastException when the stored value is not a {@code type}
     * @throws Exception          what the factory throws; nothing is stored then
     */
    <V> V getOrCompute(Object key, Class<V> type, Factory<? extends V> factory) throws Exception;

    /**
     * The value of {@code key}, when there is one.
     *
     * @param <V> the value's type
     * @param key the key, compared with {@code equals}
     * @param type the value's type
     * @return the value; empty when none is stored
     * @throws ClassCastException when the stored value is not a {@code type}
     */
    <V> Optional<V> get(Object key, Class<V> type);

    /**
     * Stores a value, replacing (without closing) any earlier one.
     *
     * @param key the key, compared with {@code equals}
     * @param value the value; closed with the scope when it is {@link AutoCloseable}
     */
    void put(Object key, Object value);

    /**
     * Removes a value without closing it, and returns it.
     *
     * @param <V> the value's type
     * @param key the key, compared with {@code equals}
     * @param type the value's type
     * @return the removed value, now the caller's to close; empty when there was none
     */
    <V> Optional<V> remove(Object key, Class<V> type);
}
