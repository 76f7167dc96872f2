package org.eclipse.kura;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.Test;

/**
 * Exception messages read as Kura's message bundle words them.
 */
public class KuraExceptionTest {

    @Test
    public void messageIsKurasPatternWithTheArguments() {
        KuraException e = new KuraException(KuraErrorCode.CONFIGURATION_ATTRIBUTE_INVALID, "port", "x", "not a number");
        assertThat(e.getCode()).isEqualTo(KuraErrorCode.CONFIGURATION_ATTRIBUTE_INVALID);
        assertThat(e.getMessage()).isEqualTo("The configuration attribute port cannot accept value x: not a number.");
        assertThat(new KuraException(KuraErrorCode.NOT_FOUND).getMessage()).isEqualTo("Not found.");
    }

    @Test
    public void quotedPatternsKeepTheirQuotes() {
        assertThat(new KuraConnectException("tcp://broker:1883").getMessage())
                .isEqualTo("\"Connection failed. tcp://broker:1883\"");
        assertThat(new KuraStoreCapacityReachedException(10000).getCode()).isEqualTo(KuraErrorCode.STORE_ERROR);
    }

    @Test
    public void internalErrorJoinsSeveralArguments() {
        assertThat(KuraException.internalError("disk full").getMessage())
                .isEqualTo("An internal error occurred. disk full");
        assertThat(new KuraException(KuraErrorCode.INTERNAL_ERROR, "a", "b").getMessage())
                .isEqualTo("An internal error occurred.  - a - b");
        assertThat(KuraException.internalError(new IllegalStateException("x")).getCause())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    public void codeWithoutAPatternGetsTheGenericOne() {
        assertThat(new KuraException(KuraErrorCode.IO_ERROR, "a", "b").getMessage())
                .isEqualTo("Generic Error - IO_ERROR: b");
        assertThat(new KuraException(KuraErrorCode.IO_ERROR).getMessage()).isEqualTo("Generic Error - IO_ERROR: {1}");
    }

    @Test
    public void defaultRequestHandlerNamesTheVerb() {
        org.eclipse.kura.cloudconnection.request.RequestHandler handler = new org.eclipse.kura.cloudconnection.request.RequestHandler() {
        };
        try {
            handler.doDel(null, null);
        } catch (KuraException e) {
            assertThat(e.getCode()).isEqualTo(KuraErrorCode.OPERATION_NOT_SUPPORTED);
            assertThat(e.getMessage()).isEqualTo("Operation delete not supported.");
            return;
        }
        throw new AssertionError("doDel did not throw");
    }
}
