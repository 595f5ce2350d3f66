package io.github.usmartkit.sandbox;

/**
 * The demo organisation's GUIDs as the README documents them, written out here (not taken from
 * {@code DemoOrganisation}) so that the tests fail if the seeded GUIDs drift from the README.
 */
final class DemoGuids {
    static final String AIR = "114f8ea9-b5fa-45dd-af46-f9313dd31762";
    static final String AIR_FILE = "3880d4e6-ffdd-465b-bd97-56901021ef1c";
    static final String AIR_API = "e5a73062-ed6c-4282-8262-b33ae725f02b";
    static final String CAR = "a60c7aad-cf06-4def-938e-31a6432d45f1";
    static final String CAR_FILE = "4d12f6b1-27d0-40e9-b104-cf702d2f382b";
    static final String CAR_API = "ade675ea-1a63-4322-9d7a-c58782afe012";
    static final String BINS = "127ec799-8236-47e1-96e6-599762f1025d";
    static final String BIN_API = "14097793-c88a-48d1-b817-29a4a0017332";
    static final String PLAYGROUND = "6acb8f8c-7bd3-46a0-9633-f271c8d17ed2";
    static final String BIN_FILE = "03e30a34-4e71-4bec-9e07-8befa1900f29";
    /** a published dataset with one GeoJSON file, listed in DCAT with the media type GEOJSON */
    static final String RECYCLING = "a2624c83-2296-497a-a725-fef950f3724f";
    static final String RECYCLING_FILE = "43b2466a-fd37-4e99-931a-c4a14e58d0fc";
    /** a dataset requested by the public (DCAT status Request), without files */
    static final String LIGHTING = "85300a7e-c4b8-4535-9b26-9391844850cc";
    /** a planned dataset (DCAT status Planned), without files */
    static final String CHARGERS = "ac686671-8e53-410a-ba57-4fb2ae845272";

    private DemoGuids() {
    }
}
