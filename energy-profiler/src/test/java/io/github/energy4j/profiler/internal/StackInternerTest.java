package io.github.energy4j.profiler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StackInternerTest {

    @Test
    void shouldNameAFrameClassDotMethodWithoutAHiddenClassesAddress() {
        assertEquals("com.example.Foo.bar", StackInterner.name("com.example.Foo", "bar"));
        assertEquals("com.example.Foo$$Lambda$14.run",
                StackInterner.name("com.example.Foo$$Lambda$14/0x0000000800c03000", "run"));
        assertEquals("com.example.Foo$$Lambda$30.run",
                StackInterner.name("com.example.Foo$$Lambda$30+0x00007f0ecc007b68.2003749087", "run"));
        assertEquals("java.lang.invoke.LambdaForm$MH.invoke",
                StackInterner.name("java.lang.invoke.LambdaForm$MH/0x0000000801012400", "invoke"));
        assertEquals("[unknown].run", StackInterner.name(null, "run"));
    }
}
