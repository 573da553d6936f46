package dev.stagehand.core.internal.engine;

import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** A logger that formats each message first and masks secrets in it, so a handler cannot log a password by accident. */
final class MaskingLogger extends LegacyAbstractLogger {

    private final transient Logger delegate;
    private final transient UnaryOperator<String> mask;

    MaskingLogger(Logger delegate, UnaryOperator<String> mask) {
        this.delegate = delegate;
        this.mask = mask;
        this.name = delegate.getName();
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable throwable) {
        String message = mask.apply(MessageFormatter.basicArrayFormat(pattern, arguments));
        Throwable shown = throwable == null ? null : new MaskedThrowable(throwable, mask);
        switch (level) {
            case ERROR -> delegate.error(message, shown);
            case WARN -> delegate.warn(message, shown);
            case INFO -> delegate.info(message, shown);
            case DEBUG -> delegate.debug(message, shown);
            default -> delegate.trace(message, shown);
        }
    }

    @Override
    public boolean isTraceEnabled() {
        return delegate.isTraceEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
        return delegate.isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        return delegate.isInfoEnabled();
    }

    @Override
    public boolean isWarnEnabled() {
        return delegate.isWarnEnabled();
    }

    @Override
    public boolean isErrorEnabled() {
        return delegate.isErrorEnabled();
    }

    /** A copy of a throwable whose messages are masked; the stack trace stays. */
    static final class MaskedThrowable extends RuntimeException {
        MaskedThrowable(Throwable original, UnaryOperator<String> mask) {
            super(original.getClass().getName() + ": " + mask.apply(String.valueOf(original.getMessage())),
                    original.getCause() == null ? null : new MaskedThrowable(original.getCause(), mask));
            setStackTrace(original.getStackTrace());
        }
    }
}
