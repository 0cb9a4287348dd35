package io.github.energy4j.profiler.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CallTreeTest {

    @Test
    void shouldShareCommonCallersAndNumberEachParentBeforeItsChildren() {
        CallTree t = new CallTree();
        int parse = t.path(List.of("main", "work", "parse"));
        int encode = t.path(List.of("main", "work", "encode"));
        int again = t.path(List.of("main", "work", "parse"));
        assertEquals(parse, again);
        assertNotEquals(parse, encode);
        assertEquals(t.parent(parse), t.parent(encode));
        assertEquals(5, t.size(), "root, main, work, parse, encode");
        assertArrayEquals(new int[] {-1, 0, 1, 2, 2}, t.nodeParents());
        assertArrayEquals(new String[] {"", "main", "work", "parse", "encode"}, t.nodeFrameNames());
    }

    @Test
    void shouldKeepTheSameFrameUnderDifferentCallersApart() {
        CallTree t = new CallTree();
        int a = t.path(List.of("a", "x"));
        int b = t.path(List.of("b", "x"));
        assertNotEquals(a, b);
        assertEquals("x", t.frameName(a));
        assertEquals(t.frameId("x"), t.frameId("x"));
    }

    @Test
    void shouldGrowPastItsInitialCapacity() {
        CallTree t = new CallTree();
        int last = 0;
        for (int i = 0; i < 5000; i++) {
            last = t.child(last, t.frameId("f" + (i % 7)));
        }
        assertEquals(5001, t.size());
        assertEquals(4999, t.parent(last));
        assertEquals("f" + (4999 % 7), t.frameName(last));
    }
}
