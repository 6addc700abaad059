package io.dfota.lwm2m.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The TLV codec: round trips, and arbitrary bytes only ever yield a value. */
class TlvProperties {

  @Property(tries = 200)
  void resourceRoundTrips(
      @ForAll @IntRange(min = 0, max = 65535) int id, @ForAll @Size(max = 70000) byte[] value) {
    byte[] encoded = Tlv.encode(Tlv.Kind.RESOURCE, id, value);
    Tlv.Decoded.Ok ok = assertInstanceOf(Tlv.Decoded.Ok.class, Tlv.decode(encoded));
    assertEquals(1, ok.entries().size());
    assertEquals(id, ok.entries().get(0).id());
    assertArrayEquals(value, ok.entries().get(0).value());
  }

  @Property
  void integerRoundTrips(@ForAll long x) {
    assertEquals(x, Tlv.decodeInteger(Tlv.encodeInteger(x)).getAsLong());
  }

  @Property
  void objectInstanceWithMultipleResourceRoundTrips(
      @ForAll @Size(max = 10) Map<@IntRange(max = 300) Integer, Long> instances) {
    List<byte[]> parts = new ArrayList<>();
    for (Map.Entry<Integer, Long> e : instances.entrySet()) {
      parts.add(
          Tlv.encode(Tlv.Kind.RESOURCE_INSTANCE, e.getKey(), Tlv.encodeInteger(e.getValue())));
    }
    byte[] multi = Tlv.encode(Tlv.Kind.MULTIPLE_RESOURCE, 8, Tlv.concat(parts));
    byte[] inst = Tlv.encode(Tlv.Kind.OBJECT_INSTANCE, 0, multi);
    Tlv.Decoded.Ok ok = assertInstanceOf(Tlv.Decoded.Ok.class, Tlv.decode(inst));
    Tlv.Entry m = ok.entries().get(0).children().get(0);
    assertEquals(instances.size(), m.children().size());
    for (Tlv.Entry c : m.children()) {
      assertEquals(instances.get(c.id()), Tlv.decodeInteger(c.value()).getAsLong());
    }
  }

  @Property(tries = 2000)
  void arbitraryBytesDecodeToAValue(@ForAll @Size(max = 300) byte[] bytes) {
    assertNotNull(Tlv.decode(bytes));
    assertNotNull(Tlv.singleValue(bytes));
  }
}
