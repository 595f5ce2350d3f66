package io.github.usmartkit.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sandbox's whole state as persisted in {@code state.json}: plain mutable holders with
 * public fields, serialised by Jackson. Guarded by {@link SandboxStore}'s lock; never shared
 * outside this package.
 */
final class State {
    /**
     * 2: objects carry {@code registered} (a state of version 1 is brought up by
     * {@link OrphanSweeper#upgrade}); 3: publications carry their column schema, datasets their
     * status (brought up by {@link Pipelines#upgrade}).
     */
    public int version = 3;
    public String signingSecret;
    public Map<String, Org> orgs = new LinkedHashMap<>();
    /** by key id */
    public Map<String, User> users = new LinkedHashMap<>();
    /** uploaded objects by S3 key ({@code uploads/{uuid}/{fileName}}) */
    public Map<String, StoredObject> objects = new LinkedHashMap<>();

    static final class Org {
        public String guid;
        public String name;
        /** the organisation's short name in its public URLs (landing pages, the DCAT publisher) */
        public String slug;
        public Map<String, Dataset> datasets = new LinkedHashMap<>();
    }

    static final class User {
        public String keyId;
        public String secret;
        public String name;
        public String role;
        public String orgGUID;
    }

    static final class Dataset {
        public String guid;
        public String title;
        public String description;
        public String visibility;
        public String licence;
        public List<String> keywords = new ArrayList<>();
        public String theme;
        public String publisher;
        /** the contact's e-mail address */
        public String contactPoint;
        /** the contact's name */
        public String contactName;
        /** {@code Published}, {@code Request} (asked for by the public) or {@code Planned}, as DCAT lists them */
        public String status;
        /** free text, e.g. {@code Daily}; null when not given */
        public String accrualPeriodicity;
        public String created;
        public String updated;
        public List<FileRec> files = new ArrayList<>();
        public List<Container> containers = new ArrayList<>();
    }

    static final class FileRec {
        public String fileGUID;
        public String fileName;
        public long fileSize;
        /** the type the download is served with, from the name */
        public String contentType;
        /**
         * the type DCAT lists for the file when it is not its content type: uSmart's catalogues
         * show words such as {@code GEOJSON} there; null means the content type
         */
        public String mediaType;
        public int revision;
        public String created;
        public String lastUpdated;
        public String md5;
        /** name of the immutable blob holding this revision's bytes */
        public String blob;

        /** Points the file at new bytes, named as given (the content type follows the name). */
        void content(String name, long size, String hexMd5, String blobName, String updated) {
            fileName = name;
            fileSize = size;
            contentType = ContentTypes.of(name);
            mediaType = null;
            md5 = hexMd5;
            blob = blobName;
            lastUpdated = updated;
        }
    }

    static final class Container {
        public String guid;
        public String pipelineId;
        public String fileGUID;
        public String status;
        public String lastProcessed;
        public Long rowCount;
        public String failureReason;
        public String created;
        /** bumped by every process request, so that a superseded run drops its result */
        public long generation;
        public List<Publication> publications = new ArrayList<>();

        Publication latest() {
            return publications.isEmpty() ? null : publications.get(publications.size() - 1);
        }
    }

    /** One successful processing run: the rows it published. */
    static final class Publication {
        public int number;
        public String blob;
        public long bytes;
        public long rowCount;
        public int fileRevision;
        public String published;
        /** the columns and their types, inferred when it was processed */
        public List<Column> schema;
    }

    /** A published column: its name and type ({@code number}, {@code timestamp} or {@code text}, see {@link Schema}). */
    static final class Column {
        public String name;
        public String type;

        static Column of(String name, String type) {
            Column c = new Column();
            c.name = name;
            c.type = type;
            return c;
        }
    }

    static final class StoredObject {
        public String key;
        public String blob;
        public long size;
        public String md5;
        public String contentType;
        public String uploaded;
        /** taken by a file:create or file:updateRevision: never swept as an orphan */
        public boolean registered;
    }
}
